// Auth hooks as GoTrue calls Postgres hooks: `select <schema>.<fn>(event)` as supabase_auth_admin.
import type { Pool } from 'pg';
import type { HookConfig } from '../config.ts';
import { qualified } from '../rest/query/sql.ts';
import { AuthError } from './errors.ts';

export async function callHook(pool: Pool, hook: HookConfig, event: Record<string, unknown>): Promise<Record<string, any>> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL ROLE supabase_auth_admin');
    const { rows } = await client.query(`SELECT ${qualified(hook.schema, hook.name)}($1::jsonb) AS out`, [JSON.stringify(event)]);
    await client.query('COMMIT');
    const out = rows[0]?.out;
    if (!out || typeof out !== 'object') {
      throw new AuthError(500, 'unexpected_failure', 'Invalid payload sent to hook');
    }
    if (out.error) {
      const status = Number(out.error.http_code);
      throw new AuthError(status >= 400 && status < 600 ? status : 500, 'hook_error', String(out.error.message ?? 'Error running hook URI'));
    }
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    if (err instanceof AuthError) throw err;
    throw new AuthError(500, 'unexpected_failure', `Error running hook URI: ${(err as Error).message}`);
  } finally {
    client.release();
  }
}
