// `npx devstack gen-errors`: reads the error catalogue from a migrated database and writes the
// generated files (render.ts). A vitest test fails when they are stale.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { projectDir } from '../config.ts';
import { type ErrorCode, type GeneratedFile, planFiles } from './render.ts';

export async function readCatalogue(dbUrl: string): Promise<ErrorCode[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const res = await client.query<ErrorCode>(
      'select code, sqlstate, http_status, title_en, title_ar, hint_en, hint_ar from private.error_codes order by code');
    return res.rows;
  } finally {
    await client.end();
  }
}

const readProjectFile = (root: string) => (rel: string) => {
  const file = path.join(root, rel);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
};

/** The generated files whose content on disk differs from what the catalogue gives. */
export function staleFiles(rows: ErrorCode[], root = projectDir): GeneratedFile[] {
  const read = readProjectFile(root);
  return planFiles(rows, read).filter((f) => read(f.path) !== f.content);
}

/** Writes the stale generated files; returns their paths. */
export async function generateErrorFiles(dbUrl: string, root = projectDir): Promise<string[]> {
  const stale = staleFiles(await readCatalogue(dbUrl), root);
  for (const f of stale) fs.writeFileSync(path.join(root, f.path), f.content);
  return stale.map((f) => f.path);
}
