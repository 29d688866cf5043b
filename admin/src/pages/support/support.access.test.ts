import { beforeAll, describe, expect, test } from 'vitest';
import { canAccess } from '../../providers/access';
import { loadRoleMatrix, type RoleMatrix } from '../../test/roleMatrix';

// The role matrix as the database holds it: who sees the support screens and who works tickets.
let matrix: RoleMatrix;
beforeAll(async () => { matrix = await loadRoleMatrix(); });
const permissionsOf = (role: string): string[] => matrix.roles[role] ?? [];

const SCREENS = ['support', 'support_inbox', 'support_kb', 'support_orders', 'support_admin'];
const WRITE: [string, string][] = [['support', 'write'], ['support_inbox', 'create'], ['support_kb', 'edit'], ['support_admin', 'edit']];

describe('support desk access', () => {
  test('support and the super admin see every screen and work tickets', () => {
    for (const role of ['support', 'super_admin']) {
      for (const r of SCREENS) expect(canAccess(permissionsOf(role), r, 'list'), `${role} ${r}`).toBe(true);
      for (const [r, a] of WRITE) expect(canAccess(permissionsOf(role), r, a), `${role} ${r}.${a}`).toBe(true);
    }
  });

  test('the auditor reads the desk and changes nothing', () => {
    for (const r of SCREENS) expect(canAccess(permissionsOf('auditor'), r, 'list'), r).toBe(true);
    for (const [r, a] of WRITE) expect(canAccess(permissionsOf('auditor'), r, a), `${r}.${a}`).toBe(false);
  });

  test('roles without support.read do not see the desk', () => {
    for (const role of ['tech_admin', 'biz_admin']) {
      for (const r of SCREENS) expect(canAccess(permissionsOf(role), r, 'list'), `${role} ${r}`).toBe(false);
    }
  });
});
