// The API changelog's rules as the database holds them (public.api_changelog_entries and
// save_api_changelog_entry): the kinds, the version's shape, and what a reader sees of an entry.
import type { ApiChangelogEntryRow } from '../../types/rows';

export const CHANGE_KINDS = ['added', 'changed', 'deprecated', 'removed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** The table's check on version (letters, digits, . _ -; up to 40), kept identical to the SQL. */
export const VERSION_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** retracted (kept, hidden from readers), scheduled (its day has not come) or published. `today`: YYYY-MM-DD. */
export function changelogState(e: Pick<ApiChangelogEntryRow, 'retracted_at' | 'published_on'>, today: string): 'retracted' | 'scheduled' | 'published' {
  if (e.retracted_at) return 'retracted';
  return e.published_on > today ? 'scheduled' : 'published';
}
