// config.toml's [storage] section as the Supabase CLI reads it: `enabled` (false: no /storage/v1,
// as `supabase start` runs no Storage) and `file_size_limit` ("50MiB"; units are binary whether or
// not written with an i, as the CLI's size parser reads them).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';

export interface StorageSettings { enabled: boolean; fileSizeLimit: number }

/** Supabase's local default for [storage] file_size_limit. */
export const DEFAULT_FILE_SIZE_LIMIT = 50 * 1024 * 1024;

export function parseSizeSetting(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(value) : null;
  if (!m) throw new Error(`[storage] file_size_limit: cannot read ${JSON.stringify(value)} (write e.g. "50MiB")`);
  const power = ['', 'k', 'm', 'g', 't'].indexOf(m[2].toLowerCase());
  return Math.floor(Number(m[1]) * 1024 ** power);
}

export function loadStorageSettings(projectDir: string): StorageSettings {
  const path = join(projectDir, 'supabase', 'config.toml');
  const section: any = existsSync(path) ? (parse(readFileSync(path, 'utf8')) as any).storage ?? {} : {};
  return {
    enabled: section.enabled !== false,
    fileSizeLimit: section.file_size_limit === undefined ? DEFAULT_FILE_SIZE_LIMIT : parseSizeSetting(section.file_size_limit),
  };
}
