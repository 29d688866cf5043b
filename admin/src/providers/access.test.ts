import { beforeAll, describe, expect, test } from 'vitest';
import { PERMISSION_MAP, canAccess, permissionFor } from './access';
import { loadRoleMatrix, type RoleMatrix } from '../test/roleMatrix';

// The role matrix as the database holds it, as the console receives it from my_staff_profile().
let matrix: RoleMatrix;
let ROLES: Record<string, string[]>;
beforeAll(async () => {
  matrix = await loadRoleMatrix();
  ROLES = matrix.roles;
});

describe('access control', () => {
  test('every permission the console asks for exists in the database', () => {
    const known = new Set(matrix.permissions);
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

  test('the matrix has the four seeded roles besides the super admin', () => {
    for (const role of ['super_admin', 'tech_admin', 'biz_admin', 'support', 'auditor']) expect(ROLES[role]?.length, role).toBeGreaterThan(0);
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
