import { afterEach, describe, expect, test, vi } from 'vitest';
import en from '../../i18n/en/audit_log.json';
import ar from '../../i18n/ar/audit_log.json';
import { fetchPublishedHead, publishedLine, type ChainStatus } from './list';

// A t() over the real English strings, enough to read what the page says.
const t = (key: string, o: Record<string, unknown> = {}) =>
  (key.split('.').slice(1).reduce((n: any, k) => n?.[k], en) as string).replace(/{{(\w+)}}/g, (_, k) => String(o[k]));

const base: ChainStatus = {
  ok: true, chain_ok: true, mode: 'incremental', from_seq: 1, checked: 3, head_seq: 3, first_broken_id: null,
  first_broken_seq: null, reason: null, checked_at: '2026-12-06T10:00:00Z', checkpoints_ok: true, published: null,
};
const head = { seq: 40, hash: 'a'.repeat(64), published_at: '2026-12-06T09:55:00Z' };

describe('audit chain status: the published head', () => {
  afterEach(() => vi.unstubAllGlobals());

  test('says when there was nothing to compare with', () => {
    expect(publishedLine(base, t, 'en')).toBe(en.chain.published_unknown);
  });

  test('names the first missing entry of a cut chain, and a rewritten head', () => {
    const cut = { ...base, ok: false, published: { ...head, ok: false, kind: 'cut' as const, first_missing_seq: 38, reason: 'x' } };
    expect(publishedLine(cut, t, 'en')).toBe('entries from position 38 are missing: the head published outside the database is at position 40');
    const rewritten = { ...base, ok: false, published: { ...head, ok: false, kind: 'rewritten' as const, first_missing_seq: 40, reason: 'x' } };
    expect(publishedLine(rewritten, t, 'en')).toBe('the entry at position 40 differs from the head published outside the database');
    const matches = { ...base, published: { ...head, ok: true, kind: 'matches' as const, first_missing_seq: null, reason: null } };
    expect(publishedLine(matches, t, 'en')).toContain('matches the head published outside the database (position 40');
  });

  test('reads the head from the sink, and treats an unreachable or empty sink as no head', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ ...head, received_at: 'x' }), { status: 200 })));
    expect(await fetchPublishedHead('http://sink/latest')).toEqual(head);
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"message":"none"}', { status: 404 })));
    expect(await fetchPublishedHead('http://sink/latest')).toBeNull();
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('network'); }));
    expect(await fetchPublishedHead('http://sink/latest')).toBeNull();
  });

  test('Arabic has every chain string', () => {
    expect(Object.keys(ar.chain).sort()).toEqual(Object.keys(en.chain).sort());
  });
});
