import { beforeAll, describe, expect, test } from 'vitest';
import { canAccess } from '../../providers/access';
import { loadRoleMatrix, type RoleMatrix } from '../../test/roleMatrix';

// The role matrix as the database holds it (every migration applied), not a copy of it.
let matrix: RoleMatrix;
beforeAll(async () => { matrix = await loadRoleMatrix(); });
const permissionsOf = (role: string): string[] => matrix.roles[role] ?? [];


const READ: [string, string][] = [['plans', 'list'], ['plans', 'show'], ['entitlement_report', 'list'], ['feature_flags', 'list']];
const PLAN_WRITE: [string, string][] = [['plans', 'create'], ['plans', 'edit'], ['plans', 'archive']];
const FLAG_WRITE: [string, string][] = [['feature_flags', 'create'], ['feature_flags', 'edit'], ['feature_flags', 'kill']];

describe('plans and flags access', () => {
  test('the seed matrix is readable here', () => {
    expect(permissionsOf('biz_admin')).toContain('plans.write');
    expect(permissionsOf('tech_admin')).toContain('flags.write');
  });

  test('biz_admin writes plans, not flags; tech_admin writes flags, not plans', () => {
    const biz = permissionsOf('biz_admin');
    const tech = permissionsOf('tech_admin');
    for (const [r, a] of PLAN_WRITE) { expect(canAccess(biz, r, a), `biz ${r}.${a}`).toBe(true); expect(canAccess(tech, r, a), `tech ${r}.${a}`).toBe(false); }
    for (const [r, a] of FLAG_WRITE) { expect(canAccess(tech, r, a), `tech ${r}.${a}`).toBe(true); expect(canAccess(biz, r, a), `biz ${r}.${a}`).toBe(false); }
  });

  test('the auditor reads plans, the report and flags, and changes none of them', () => {
    const p = permissionsOf('auditor');
    for (const [r, a] of READ) expect(canAccess(p, r, a), `${r}.${a}`).toBe(true);
    for (const [r, a] of [...PLAN_WRITE, ...FLAG_WRITE]) expect(canAccess(p, r, a), `${r}.${a}`).toBe(false);
  });

  test('the super admin does everything', () => {
    const p = permissionsOf('super_admin');
    for (const [r, a] of [...READ, ...PLAN_WRITE, ...FLAG_WRITE]) expect(canAccess(p, r, a), `${r}.${a}`).toBe(true);
  });
});
