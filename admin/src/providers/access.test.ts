import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PERMISSION_MAP, canAccess, permissionFor } from './access';

const migrations = join(__dirname, '..', '..', '..', 'supabase', 'migrations');
const staffSql = readFileSync(join(migrations, readdirSync(migrations).find((f) => f.endsWith('_staff.sql'))!), 'utf8');
const impersonationSql = readFileSync(join(migrations, readdirSync(migrations).find((f) => f.endsWith('_impersonation.sql'))!), 'utf8');

// The seed matrix (see *_staff.sql), as the console receives it from my_staff_profile().
const ROLES: Record<string, string[]> = {
  tech_admin: ['tenants.read', 'workflows.read', 'workflows.write', 'catalogs.read', 'catalogs.write', 'flags.read', 'flags.write',
    'settings.read', 'settings.write', 'jobs.read', 'jobs.operate', 'plans.read', 'staff.read'],
  biz_admin: ['tenants.read', 'tenants.write', 'tenants.lifecycle', 'plans.read', 'plans.write', 'billing.read', 'billing.write',
    'flags.read', 'staff.read'],
  support: ['tenants.read', 'support.read', 'support.write', 'impersonate.start', 'plans.read', 'billing.read', 'workflows.read', 'catalogs.read'],
  auditor: ['tenants.read', 'staff.read', 'audit.read', 'plans.read', 'billing.read', 'flags.read', 'workflows.read', 'catalogs.read',
    'jobs.read', 'settings.read', 'support.read', 'compliance.export'],
};

describe('access control', () => {
  test('every permission the console asks for exists in the database', () => {
    const known = new Set([...staffSql.matchAll(/\('([a-z_]+\.[a-z_]+)', '\{"en"/g), ...impersonationSql.matchAll(/\('([a-z_]+\.[a-z_]+)', '\{"en"/g)].map((m) => m[1]));
    for (const actions of Object.values(PERMISSION_MAP)) {
      for (const p of Object.values(actions)) expect(known, p).toContain(p);
    }
  });

  test('maps resource + action to a permission; unknown pairs are refused', () => {
    expect(permissionFor('tenants', 'create')).toBe('tenants.write');
    expect(permissionFor('audit_log', 'list')).toBe('audit.read');
    expect(permissionFor('tenants', 'delete')).toBeNull();
    expect(permissionFor('nope', 'list')).toBeNull();
    expect(permissionFor(undefined, 'list')).toBeNull();
    expect(canAccess(['tenants.read'], 'tenants', 'delete')).toBe(false);
  });

  test('the auditor reads everything and changes nothing', () => {
    const p = ROLES.auditor;
    for (const r of ['dashboard', 'tenants', 'staff', 'roles', 'audit_log']) expect(canAccess(p, r, 'list'), r).toBe(true);
    for (const [r, a] of [['tenants', 'create'], ['tenants', 'edit'], ['tenants', 'lifecycle'], ['staff', 'manage'], ['tenants', 'impersonate']]) {
      expect(canAccess(p, r, a), `${r}.${a}`).toBe(false);
    }
  });

  test('support may impersonate read-only but not run the lifecycle or see the audit log', () => {
    const p = ROLES.support;
    expect(canAccess(p, 'tenants', 'impersonate')).toBe(true);
    expect(canAccess(p, 'tenants', 'impersonate_full')).toBe(false);
    expect(canAccess(p, 'tenants', 'lifecycle')).toBe(false);
    expect(canAccess(p, 'audit_log', 'list')).toBe(false);
    expect(canAccess(p, 'staff', 'list')).toBe(false);
  });

  test('the business admin runs tenants but not staff; the tech admin only reads tenants', () => {
    expect(canAccess(ROLES.biz_admin, 'tenants', 'create')).toBe(true);
    expect(canAccess(ROLES.biz_admin, 'tenants', 'lifecycle')).toBe(true);
    expect(canAccess(ROLES.biz_admin, 'staff', 'manage')).toBe(false);
    expect(canAccess(ROLES.tech_admin, 'tenants', 'list')).toBe(true);
    expect(canAccess(ROLES.tech_admin, 'tenants', 'edit')).toBe(false);
  });

  test('no permissions, no access', () => {
    for (const [r, actions] of Object.entries(PERMISSION_MAP)) {
      for (const a of Object.keys(actions)) expect(canAccess([], r, a)).toBe(false);
    }
  });
});
