// The changelog form checks what the database checks: the version rule is the table's own check
// (read from the schema file), the kinds its kinds; and an entry's state as readers see it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CHANGE_KINDS, changelogState, VERSION_RE } from './changelogRules';

const sql = readFileSync(join(__dirname, '../../../../supabase/schemas/integrations/22_api_changelog_entries.sql'), 'utf8');

describe('API changelog rules', () => {
  test('the version rule and the kinds are the table checks', () => {
    expect(sql).toContain(`check (version ~ '${VERSION_RE.source}')`);
    expect(sql).toContain(`check (kind in (${CHANGE_KINDS.map((k) => `'${k}'`).join(', ')}))`);
    expect(['2026-12.1', 'v2', 'beta_3-rc.1'].every((v) => VERSION_RE.test(v))).toBe(true);
    expect(['', ' v1', '.v1', 'has space', 'x'.repeat(41), 'v/1'].some((v) => VERSION_RE.test(v))).toBe(false);
  });

  test('retracted beats scheduled; an entry dated today is published', () => {
    expect(changelogState({ retracted_at: '2026-12-07T00:00:00Z', published_on: '2027-01-01' }, '2026-12-07')).toBe('retracted');
    expect(changelogState({ retracted_at: null, published_on: '2026-12-08' }, '2026-12-07')).toBe('scheduled');
    expect(changelogState({ retracted_at: null, published_on: '2026-12-07' }, '2026-12-07')).toBe('published');
  });
});
