import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { canAccess } from '../../providers/access';

// The role matrix as the staff migration seeds it: read each role's permissions from the SQL so
// this test follows the database, not a copy of it.
const migrations = join(__dirname, '..', '..', '..', '..', 'supabase', 'migrations');
const staffSql = readFileSync(join(migrations, readdirSync(migrations).find((f) => f.endsWith('_staff.sql'))!), 'utf8');
const allCodes = [...staffSql.matchAll(/\('([a-z_]+\.[a-z_]+)', '\{"en"/g)].map((m) => m[1]);
const permissionsOf = (role: string): string[] => {
  if (role === 'super_admin') return allCodes;
  if (role === 'auditor') return allCodes.filter((c) => c.endsWith('.read') || c === 'compliance.export');
  const m = staffSql.match(new RegExp(`select '${role}', unnest\\(array\\[([^\\]]*)\\]\\)`));
  return m ? [...m[1].matchAll(/'([a-z_.]+)'/g)].map((x) => x[1]) : [];
};

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
