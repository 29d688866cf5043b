// /rest/v1, laid out in PostgREST's stages: request (auth + ApiRequest) → plan (read, mutate, call)
// → query (the SQL text) → execution (one transaction, one round trip) → response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RestContext } from './context.ts';
import { ApiError, fromPgError, noConnection } from './errors.ts';
import { type Executed, execute } from './execute.ts';
import { planAction } from './plan/action.ts';
import { statementFor } from './query/statement.ts';
import { readSettingsStatement, searchPathFor, settingsSql } from './query/transaction.ts';
import { executePrepared } from './prepared.ts';
import { apiRequest } from './request/api-request.ts';
import { authenticate } from './request/auth.ts';
import { respond } from './response/index.ts';

export type { RestContext };
export { sendApiError } from './response/send.ts';
export { searchPathFor };

export async function handleRest(ctx: RestContext, req: IncomingMessage, res: ServerResponse, path: string, search: URLSearchParams): Promise<void> {
  const auth = authenticate(req, ctx.jwtSecret);
  try {
    const api = await apiRequest(ctx, req, auth, path, search);
    const action = await planAction(ctx, api);
    const maxRows = ctx.config.maxRows;
    const stmt = statementFor(action, api, maxRows);
    const { extraSearchPath } = ctx.config;
    let result: Executed;
    if (stmt.params) {
      // A plain JSON read: named prepared statements, values as parameters (prepared.ts).
      const settings = readSettingsStatement(api, extraSearchPath, ctx.defaultSearchPath);
      const elements = await executePrepared(ctx.pool, settings, stmt.sql, stmt.params, (await ctx.cache()).loadedAt);
      result = { rows: [], rowCount: elements.length, elements } as unknown as Executed;
    } else {
      result = await execute(ctx.pool, settingsSql(api, extraSearchPath, ctx.defaultSearchPath), stmt);
    }
    respond(req, res, api, action, result, maxRows);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err && typeof (err as any).code === 'string' && typeof (err as any).severity === 'string') throw fromPgError(err, auth.role === 'anon');
    if (err && /ECONNREFUSED|ETIMEDOUT|Connection terminated/.test(String((err as any).message ?? err))) {
      throw noConnection(String((err as any).message ?? err));
    }
    throw err;
  }
}
