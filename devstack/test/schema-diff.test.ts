// devstack diff and the drift check on a tiny project (test/fixtures/schema-project): its migrations
// and schema files agree; a temp copy gets drifts that must be reported, then a generated migration
// must remove them. Each check builds two throw-away clusters of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diff, nextTimestamp, possibleRenames } from '../src/schema/diff.ts';
import { driftCheck } from '../src/schema/drift.ts';
import { globToRegExp, referenceData, schemaFiles } from '../src/schema/files.ts';
import { commentTarget } from '../src/schema/comments.ts';
import { summarize, typesFirst } from '../src/schema/structure.ts';

const fixture = path.join(__dirname, 'fixtures', 'schema-project');
const tmpDirs: string[] = [];
const SLOW = 300_000;

function copyOfFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstack-schema-'));
  fs.chmodSync(dir, 0o755);
  tmpDirs.push(dir);
  fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}

const options = (workdir: string) => ({ workdir, scratchRoot: path.join(workdir, '.scratch') });
const schemaFile = (workdir: string, rel: string) => path.join(workdir, 'supabase', 'schemas', rel);
function edit(workdir: string, rel: string, change: (text: string) => string) {
  const file = schemaFile(workdir, rel);
  const before = fs.readFileSync(file, 'utf8');
  const after = change(before);
  expect(after, `edit of ${rel} changed nothing`).not.toBe(before);
  fs.writeFileSync(file, after);
}

/** The drifts a reviewer would make: one per area the check covers. */
function introduceDrifts(workdir: string) {
  // A new return type: CREATE OR REPLACE cannot do it, the function is dropped and its policy recreated.
  edit(workdir, 'notes/20_note_count.sql', (t) => t
    .replace('returns bigint', 'returns integer').replace('select count(*)', 'select count(*)::integer')
    .replace('and not pinned', 'and not pinned and length(body) > 0')
    .replace("grant execute on function private.note_count(text) to authenticated;", 'alter function private.note_count(text) owner to service_role;'));
  edit(workdir, 'notes/10_notes.sql', (t) => t
    .replace("grant update (body) on public.notes to authenticated;", "grant update (body, pinned) on public.notes to authenticated;")
    .replace("'Shown first'", "'Pinned notes are listed first'")
    .concat("create policy \"members add notes\" on public.notes for insert to authenticated with check (region <> 'closed');\n"));
  edit(workdir, 'regions/10_regions.sql', (t) => t.replace("('levant', 'Levant', 2)", "('levant', 'Levant and Iraq', 2), ('maghreb', 'Maghreb', 3)")
    .concat(`comment on policy "signed-in users read regions" on public.regions is 'Every signed-in user';\n`));
  edit(workdir, 'notes/10_notes.sql', (t) => t.concat(`comment on index public.notes_region_idx is 'Notes by region';\n`,
    `comment on constraint notes_body_check on public.notes is 'At most 2000 characters';\n`));
  edit(workdir, 'notes/05_note_kinds.sql', (t) => t.replace("'Phone call'", "'Call'"));
  edit(workdir, 'notes/30_jobs.sql', (t) => t.replace("'*/5 * * * *'", "'*/10 * * * *'"));
}

afterAll(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('schema files', () => {
  it('load in schema_paths order: glob by glob, names sorted inside each', () => {
    expect(schemaFiles(path.join(fixture, 'supabase')).map((f) => path.relative(fixture, f))).toEqual([
      'supabase/schemas/regions/10_regions.sql',
      'supabase/schemas/notes/05_note_kinds.sql',
      'supabase/schemas/notes/10_notes.sql',
      'supabase/schemas/notes/20_note_count.sql',
      'supabase/schemas/notes/30_jobs.sql',
    ]);
    expect(referenceData(path.join(fixture, 'supabase'))).toEqual({ tables: ['public.regions', 'public.note_kinds'], ignored: ['public.note_settings'] });
  });

  it('globs match * inside one folder and ** across folders', () => {
    expect(globToRegExp('./schemas/*.sql').test('schemas/a.sql')).toBe(true);
    expect(globToRegExp('./schemas/*.sql').test('schemas/x/a.sql')).toBe(false);
    expect(globToRegExp('./schemas/**/*.sql').test('schemas/a.sql')).toBe(true);
    expect(globToRegExp('./schemas/**/*.sql').test('schemas/x/y/a.sql')).toBe(true);
  });

  it('comment statements name the object the way COMMENT ON expects', () => {
    expect(commentTarget('table column', 'public.notes.body')).toBe('column public.notes.body');
    expect(commentTarget('policy', 'p on public.notes')).toBe('policy p on public.notes');
    expect(commentTarget('domain constraint', 'c on public.d')).toBe('constraint c on domain public.d');
    expect(summarize('CREATE OR REPLACE FUNCTION private.f(a text)\n RETURNS int')).toBe('function private.f(a text): definition differs or is missing in the migrations');
  });

  it('new types come before the functions that return them, the rest in migra\'s order', () => {
    const fn = 'CREATE OR REPLACE FUNCTION public.inbox() RETURNS SETOF public.inbox_row';
    const type = 'create type "public"."inbox_row" as ("id" bigint)';
    expect(typesFirst(['set check_function_bodies = off', fn, 'alter table x add column y int', type]))
      .toEqual([type, 'set check_function_bodies = off', fn, 'alter table x add column y int']);
  });

  it('a column dropped and another added on the same table is flagged as a possible rename', () => {
    const f = (sql: string) => ({ area: 'structure' as const, what: sql, sql });
    expect(possibleRenames([f('alter table "public"."notes" drop column "body";'), f('alter table "public"."notes" add column "text" text not null;'),
      f('alter table "public"."regions" add column "flag" text;')]))
      .toEqual(['public.notes: body dropped and text added; if that is a rename, replace both by `alter table public.notes rename column body to text;` (the drop loses the data)']);
  });

  it('a new migration sorts after every existing one', () => {
    const dir = path.join(copyOfFixture(), 'supabase', 'migrations');
    expect(nextTimestamp(dir, new Date('2030-01-02T03:04:05Z'))).toBe('20300102030405');
    expect(nextTimestamp(dir, new Date('2025-01-01T00:00:00Z'))).toBe('20260101000101');
  });
});

describe('drift check and devstack diff', () => {
  it('finds no drift when the schema files and the migrations agree', { timeout: SLOW }, async () => {
    const report = await driftCheck(options(copyOfFixture()));
    expect(report.lines.filter((l) => !l.startsWith('ok '))).toEqual([]);
  });

  it('reports every kind of drift by area, and diff writes a migration that removes it', { timeout: SLOW }, async () => {
    const workdir = copyOfFixture();
    introduceDrifts(workdir);
    // A table holding rows that reference_data.txt neither lists nor ignores is reported.
    const listFile = schemaFile(workdir, 'reference_data.txt');
    const list = fs.readFileSync(listFile, 'utf8');
    fs.writeFileSync(listFile, list.replace('ignore public.note_settings', ''));
    const report = await driftCheck(options(workdir));
    fs.writeFileSync(listFile, list);
    const text = report.lines.join('\n');
    expect(text).toContain('not ok structure');
    expect(text).toMatch(/function private\.note_count\(p_region text\): definition differs/);
    expect(text).toMatch(/create policy members add notes on public\.notes/);
    expect(text).toContain('function private.note_count(text): execute to authenticated — granted by the migrations only');
    expect(text).toContain('column pinned of table public.notes: update to authenticated — granted by the schema files only');
    expect(text).toContain('function private.note_count(text): owned by postgres in the migrations, service_role in the schema files');
    expect(text).toContain('column pinned of table public.notes: comment differs (migrations "Shown first", schema files "Pinned notes are listed first")');
    expect(text).toContain('public.regions row (code) = (levant): name differs');
    expect(text).toContain('public.regions row (code) = (maghreb) only in the schema files');
    expect(text).toContain('pg_cron job fixture.tick: schedule differs');
    // Keyed on the unique code: the random id and the build's timestamp are not compared.
    expect(text).toContain('public.note_kinds row (code) = (call): label differs');
    expect(text).not.toMatch(/note_kinds.*(memo|created_at|id\b)/);
    expect(text).toContain('public.note_settings: 1 row(s) after the migrations, 0 after the schema files, and not in reference_data.txt');
    for (const area of ['structure', 'privileges', 'comments', 'reference data', 'queues and schedules']) expect(text).toContain(`not ok ${area}`);

    const result = await diff('drift_fixed', { ...options(workdir), timestamp: '20260101000200' });
    expect(result.applyError).toBeNull();
    expect(result.leftover).toEqual([]);
    const sql = fs.readFileSync(result.file!, 'utf8');
    expect(sql).toContain('drop policy if exists "members read notes of busy regions" on public.notes;\n\ndrop function private.note_count(text);');
    expect(sql).toContain('create policy "members read notes of busy regions" on public.notes as permissive for select to authenticated using ((private.note_count(region) >= 0));');
    expect(sql).toContain('revoke execute on routine private.note_count(text) from public;');
    expect(sql).toContain("comment on function private.note_count(text) is 'Unpinned notes of a region';");
    expect(sql).toContain('grant update (pinned) on table public.notes to authenticated;');
    expect(sql).toContain('alter routine private.note_count(text) owner to service_role;');
    expect(sql).toContain("comment on column public.notes.pinned is 'Pinned notes are listed first';");
    expect(sql).toContain("update public.regions set name = 'Levant and Iraq' where code = 'levant';");
    expect(sql).toContain(`comment on policy "signed-in users read regions" on public.regions is 'Every signed-in user';`);
    expect(sql).toContain("comment on index public.notes_region_idx is 'Notes by region';");
    expect(sql).toContain("comment on constraint notes_body_check on public.notes is 'At most 2000 characters';");
    expect(sql).toContain("insert into public.regions (code, name, sort) values ('maghreb', 'Maghreb', '3');");
    expect(sql).toContain("select cron.schedule('fixture.tick', '*/10 * * * *', 'select 1');");
    expect(sql).toContain("update public.note_kinds set label = 'Call' where code = 'call';");

    // With the generated migration in place the two agree: a second diff has nothing to write.
    const again = await diff('nothing_left', options(workdir));
    expect(again.findings.filter((f) => f.what)).toEqual([]);
    expect(again.file).toBeNull();
  });
});
