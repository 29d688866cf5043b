// What the catalog screens read: row types from the generated schema (types/rows.ts), and the
// shapes of the RPC answers that are documents rather than rows.
import type { CatalogChangeRef, CatalogChangelog, CatalogEntryRow, CatalogFamilyRow, CatalogReleaseRow, CatalogSyncRow } from '../../types/rows';

export type CatalogFamily = CatalogFamilyRow;
export type CatalogEntry = CatalogEntryRow;
export type CatalogRelease = CatalogReleaseRow;
export type SyncRow = CatalogSyncRow;
export type ChangeRef = CatalogChangeRef;
export type Changelog = CatalogChangelog;
export interface UpgradePreview {
  from_release: number | null; release_no: number; changelog: Changelog; conflicts: (ChangeRef & { conflict: 'retired' | 'changed' })[];
}
export interface ImportLineResult { line: number; family: string | null; code: string | null; outcome: 'add' | 'change' | 'unchanged' | 'refused'; reasons: string[] }
export interface ImportPreview { lines: ImportLineResult[]; add: number; change: number; unchanged: number; refused: number }

export const CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,39}$/;
export const COLOUR_PATTERN = /^#[0-9A-Fa-f]{6}$/;
export const CHANGE_KINDS = ['added', 'changed', 'retired', 'removed'] as const;

/** How many entries a changelog touches. */
export function changeCount(c: Changelog | undefined): number {
  return c ? CHANGE_KINDS.reduce((n, k) => n + (c[k]?.length ?? 0), 0) : 0;
}
