import { describe, expect, test } from 'vitest';
import { entitlementTags } from './ContextPanel';
import { bilingualComplete, inboxArgs, membersOf, minutesParts, nextStatuses, parseTags, type Agent } from './model';

describe('support console model', () => {
  test('inbox arguments leave empty filters to the SQL defaults', () => {
    expect(inboxArgs('mine', { priority: '', statuses: [], tag: ' vip ', tenant_id: undefined })).toEqual({ view: 'mine', tag: 'vip' });
    expect(inboxArgs('group', { group_code: 'billing', statuses: ['open'] })).toEqual({ view: 'group', group_code: 'billing', statuses: ['open'] });
  });

  test('status moves follow docs/support.md; a merged duplicate offers none', () => {
    expect(nextStatuses('solved', false)).toEqual(['open', 'closed']);
    expect(nextStatuses('closed', false)).toEqual(['open']);
    expect(nextStatuses('new', false)).not.toContain('new');
    expect(nextStatuses('closed', true)).toEqual([]);
    expect(nextStatuses('nonsense', false)).toEqual([]);
  });

  test('tags typed with commas (Latin or Arabic) and spaces', () => {
    expect(parseTags('VIP, zatca،printer  vip')).toEqual(['vip', 'zatca', 'printer']);
    expect(parseTags('  ')).toEqual([]);
  });

  test('assign picker: active members of the group, least loaded first', () => {
    const a = (staff_id: string, open: number, group_code = 'billing', active = true): Agent =>
      ({ group_code, staff_id, name: staff_id, email: `${staff_id}@x`, active, open });
    expect(membersOf([a('b', 3), a('a', 1), a('c', 0, 'tech'), a('d', 0, 'billing', false), a('e', 1)], 'billing')
      .map((x) => x.staff_id)).toEqual(['a', 'e', 'b']);
  });

  test('minutes and bilingual text', () => {
    expect(minutesParts(1080)).toEqual({ h: 18, m: 0 });
    expect(minutesParts(75)).toEqual({ h: 1, m: 15 });
    expect(bilingualComplete({ en: 'x', ar: ' ' })).toBe(false);
    expect(bilingualComplete({ en: 'x', ar: 'س' })).toBe(true);
  });

  test('context panel: features as short tags', () => {
    expect(entitlementTags({ features: { sso: false, 'module.pos': true, max_users: 15, tier: 'standard', x: null }, limits: { a: 1 } }))
      .toEqual(['max_users: 15', 'module.pos', 'tier: standard']);
    expect(entitlementTags(null)).toEqual([]);
  });
});
