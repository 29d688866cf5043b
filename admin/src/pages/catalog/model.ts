// Row shapes of the catalog tables and RPC answers the catalog screens read.
export type Bilingual = { en?: string; ar?: string };
export interface CatalogFamily { code: string; name: Bilingual; sort_order: number; has_icon: boolean; has_colour: boolean }
export interface CatalogEntry {
  id: string; family: string; code: string; name: Bilingual; description: Bilingual; sort_order: number; active: boolean;
  icon: string | null; colour: string | null; attributes: Record<string, unknown>; retired_at: string | null; updated_at: string;
}
export interface CatalogRelease { release_no: number; published_at: string; notes: string; entry_count: number; changelog: Changelog }
export interface ChangeRef { family: string; code: string }
export interface Changelog { added: ChangeRef[]; changed: ChangeRef[]; retired: ChangeRef[]; removed: ChangeRef[] }
export interface SyncRow {
  tenant_id: string; slug: string; tenant_name: Bilingual; release_no: number | null; target_release_no: number | null;
  pinned: boolean; status: 'pending' | 'synced' | 'failed'; conflicts: number; last_error: string | null; synced_at: string | null; total: number;
}
export interface UpgradePreview {
  from_release: number | null; release_no: number; changelog: Changelog; conflicts: (ChangeRef & { conflict: 'retired' | 'changed' })[];
}
export interface ImportLine { line: number; family: string | null; code: string | null; outcome: 'add' | 'change' | 'unchanged' | 'refused'; reasons: string[] }
export interface ImportPreview { lines: ImportLine[]; add: number; change: number; unchanged: number; refused: number }

export const CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,39}$/;
export const COLOUR_PATTERN = /^#[0-9A-Fa-f]{6}$/;
export const CHANGE_KINDS = ['added', 'changed', 'retired', 'removed'] as const;

/** How many entries a changelog touches. */
export function changeCount(c: Changelog | undefined): number {
  return c ? CHANGE_KINDS.reduce((n, k) => n + (c[k]?.length ?? 0), 0) : 0;
}
