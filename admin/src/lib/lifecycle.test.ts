import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LIFECYCLE_FUNCTIONS, isLifecycleAction, lifecycleCall } from './lifecycle';

const migrations = join(__dirname, '..', '..', '..', 'supabase', 'migrations');
const sql = readFileSync(join(migrations, readdirSync(migrations).find((f) => f.endsWith('_tenants.sql'))!), 'utf8');

describe('lifecycle actions', () => {
  test('one function per action of the SQL state machine, and it exists', () => {
    const block = sql.slice(sql.indexOf('insert into public.tenant_lifecycle_transitions'), sql.indexOf('as t(action, from_statuses'));
    const actions = [...block.matchAll(/\('([a-z_]+)', array\[/g)].map((m) => m[1]).sort();
    expect(Object.keys(LIFECYCLE_FUNCTIONS).sort()).toEqual(actions);
    for (const fn of Object.values(LIFECYCLE_FUNCTIONS)) expect(sql).toContain(`create function public.${fn}(`);
  });

  test('builds the rpc call', () => {
    expect(lifecycleCall('t1', 'approve')).toEqual({ fn: 'approve_tenant', args: { tenant_id: 't1', reason: null } });
    expect(lifecycleCall('t1', 'suspend', '  unpaid  ')).toEqual({ fn: 'suspend_tenant', args: { tenant_id: 't1', reason: 'unpaid' } });
    expect(lifecycleCall('t1', 'start_trial', undefined, 30)).toEqual({ fn: 'start_tenant_trial', args: { tenant_id: 't1', reason: null, trial_days: 30 } });
    expect(lifecycleCall('t1', 'activate', undefined, 30).args).not.toHaveProperty('trial_days');
  });

  test('ignores actions it does not know', () => {
    expect(isLifecycleAction('approve')).toBe(true);
    expect(isLifecycleAction('explode')).toBe(false);
  });
});
