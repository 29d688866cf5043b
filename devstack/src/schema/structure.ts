// Tables, columns, constraints, indexes, views, functions, types, triggers and RLS policies: the
// schema diff of @pgkit/migra (a TypeScript port of migra). Its privileges option covers table
// grants only, so privileges are compared in privileges.ts instead. What it misses about functions,
// tables and sequences is compared in functions.ts and relations.ts (compare.ts: compareStructureAll).
import { createClient } from '@pgkit/client';
import { Migration } from '@pgkit/migra';
import { type Finding, SKIPPED_SCHEMAS } from './finding.ts';

/** A one-line description of a migra statement for the drift report. */
export function summarize(statement: string): string {
  const line = statement.replace(/\s+/g, ' ').trim().replace(/"/g, '');
  const fn = /^create or replace function ([^(]+\([^)]*\))/i.exec(line);
  if (fn) return `function ${fn[1]}: definition differs or is missing in the migrations`;
  const view = /^create or replace view (\S+)/i.exec(line);
  if (view) return `view ${view[1]}: definition differs or is missing in the migrations`;
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

/**
 * migra creates a new composite or enum type after the functions that return it ("type … does not
 * exist" when the migration runs): new types go first, everything else keeps migra's order. A
 * changed type is recreated: its old version is renamed (enum) or dropped (composite) first, so
 * that goes before the creates too.
 */
export function typesFirst(statements: string[]): string[] {
  const created = (sql: string) => /^create type (\S+)/i.exec(sql.trim())?.[1];
  const recreated = new Set(statements.map(created).filter((name) => name !== undefined));
  const isOldVersionGone = (sql: string) => /^alter type \S+ rename to "[^"]*__old_version_to_be_dropped"/i.test(sql.trim())
    || recreated.has(/^drop type (\S+);/i.exec(sql.trim())?.[1] ?? '');
  const isNewType = (sql: string) => created(sql) !== undefined;
  const first = (sql: string) => isOldVersionGone(sql) || isNewType(sql);
  return [...statements.filter(isOldVersionGone), ...statements.filter(isNewType), ...statements.filter((sql) => !first(sql))];
}

/** migra's statements from `fromUrl` to `toUrl`, destructive ones included (the reviewer sees them). */
export async function compareStructure(fromUrl: string, toUrl: string): Promise<Finding[]> {
  const from = createClient(fromUrl);
  const to = createClient(toUrl);
  try {
    const migration = await Migration.create(from, to, { exclude_schema: SKIPPED_SCHEMAS.filter((s) => !s.startsWith('pg_') && s !== 'information_schema') });
    migration.set_safety(false);
    migration.add_all_changes(false);
    return typesFirst([...migration.statements]).map((sql): Finding => ({
      area: 'structure',
      // migra's preamble for function bodies is not a difference.
      what: /^set check_function_bodies/i.test(sql.trim()) ? '' : summarize(sql),
      sql: sql.trim(),
    }));
  } finally {
    await Promise.all([from.end(), to.end()]);
  }
}
