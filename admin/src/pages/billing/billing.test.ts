import { beforeAll, describe, expect, test } from 'vitest';
import dayjs from 'dayjs';
import { canAccess, PERMISSION_MAP } from '../../providers/access';
import { invoiceFilters } from './invoices/list';
import { couponDefinition } from './coupons';
import { groupByStage, type DunningCaseRow } from './dunning';
import { chartRows } from './revenue';
import { loadRoleMatrix, type RoleMatrix } from '../../test/roleMatrix';

// The role matrix as the database holds it (every migration applied), not a copy of it.
let matrix: RoleMatrix;
beforeAll(async () => { matrix = await loadRoleMatrix(); });
const permissionsOf = (role: string): string[] => matrix.roles[role] ?? [];
const BILLING = Object.keys(PERMISSION_MAP).filter((r) => r === 'billing' || r.startsWith('billing_'));

describe('billing access', () => {
  test('every billing screen needs billing.read, every billing action billing.write', () => {
    for (const r of BILLING) {
      for (const [action, perm] of Object.entries(PERMISSION_MAP[r])) {
        expect(perm, `${r}.${action}`).toBe(['list', 'show'].includes(action) ? 'billing.read' : 'billing.write');
      }
    }
  });

  test('biz_admin runs billing; support and the auditor read it; tech_admin sees none of it', () => {
    for (const r of BILLING) {
      for (const action of Object.keys(PERMISSION_MAP[r])) {
        expect(canAccess(permissionsOf('biz_admin'), r, action), `biz ${r}.${action}`).toBe(true);
        const write = !['list', 'show'].includes(action);
        expect(canAccess(permissionsOf('support'), r, action), `support ${r}.${action}`).toBe(!write);
        expect(canAccess(permissionsOf('auditor'), r, action), `auditor ${r}.${action}`).toBe(!write);
        expect(canAccess(permissionsOf('tech_admin'), r, action), `tech ${r}.${action}`).toBe(false);
      }
    }
    // the raw webhook event is for billing.write only
    expect(canAccess(permissionsOf('support'), 'billing_payments', 'raw_event')).toBe(false);
    expect(canAccess(permissionsOf('biz_admin'), 'billing_payments', 'raw_event')).toBe(true);
  });
});

describe('billing screens', () => {
  test('invoice filters: status, tenant, currency, issue-date range, number', () => {
    expect(invoiceFilters({})).toEqual([]);
    expect(invoiceFilters({ status: 'open', tenant_id: 't1', currency: 'OMR', number: '  HQ-2026 ',
      issued: [dayjs('2026-01-05'), dayjs('2026-02-10')] })).toEqual([
      { field: 'status', operator: 'eq', value: 'open' },
      { field: 'tenant_id', operator: 'eq', value: 't1' },
      { field: 'currency', operator: 'eq', value: 'OMR' },
      { field: 'issue_date', operator: 'gte', value: '2026-01-05' },
      { field: 'issue_date', operator: 'lte', value: '2026-02-10' },
      { field: 'number', operator: 'contains', value: 'HQ-2026' },
    ]);
  });

  test('the coupon form becomes create_coupon\'s definition', () => {
    expect(couponDefinition({ code: ' ramadan10 ', name_en: 'Ramadan', name_ar: ' رمضان ', kind: 'percent', percent_off: 10,
      duration: 'repeating', duration_periods: 3, plan_codes: ['growth'] })).toEqual({
      code: 'RAMADAN10', name: { en: 'Ramadan', ar: 'رمضان' }, kind: 'percent', percent_off: 10, duration: 'repeating',
      duration_periods: 3, plan_codes: ['growth'],
    });
    expect(couponDefinition({ code: 'FIVE', name_en: 'Five off', kind: 'fixed', amount_off: 5, currency: 'OMR', duration: 'once',
      duration_periods: 4, max_redemptions: 100 })).toEqual({
      code: 'FIVE', name: { en: 'Five off' }, kind: 'fixed', amount_off: 5, currency: 'OMR', duration: 'once', max_redemptions: 100,
    });
  });

  test('the dunning board groups open cases by stage, next action first', () => {
    const c = (id: string, stage: string, at: string | null, closed: string | null = null) =>
      ({ id, stage, next_action_at: at, closed_at: closed }) as unknown as DunningCaseRow;
    const g = groupByStage([c('a', 'retrying', '2026-05-03T00:00:00Z'), c('b', 'retrying', '2026-05-01T00:00:00Z'), c('c', 'suspended', null),
      c('d', 'recovered', null, '2026-05-02T00:00:00Z'), c('e', 'warned', '2026-05-02T00:00:00Z', '2026-05-02T00:00:00Z'), c('f', 'retrying', null)]);
    expect(Object.keys(g)).toEqual(['retrying', 'warned', 'past_due', 'suspended']);
    expect(g.retrying.map((x) => x.id)).toEqual(['b', 'a', 'f']);
    expect(g.warned).toEqual([]);
    expect(g.suspended.map((x) => x.id)).toEqual(['c']);
  });

  test('movement rows become numbers for the chart', () => {
    expect(chartRows([{ month: '2026-01-01', currency: 'OMR', new: '1.500' as any, expansion: 0, contraction: '-0.250' as any,
      churned: 0, reactivation: 0, net: '1.250' as any, ending_mrr: '10.000' as any }])).toEqual([
      { month: '2026-01-01', new: 1.5, expansion: 0, reactivation: 0, contraction: -0.25, churned: 0, net: 1.25, ending_mrr: 10 },
    ]);
  });
});
