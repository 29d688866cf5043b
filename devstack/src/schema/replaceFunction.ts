// migra replaces a changed function with CREATE OR REPLACE, which PostgreSQL refuses when the
// return type, an argument name or a default goes ("Use DROP FUNCTION x first."). Then the
// function is dropped first, and the RLS policies that use it are dropped before and recreated
// after (from the schema files' definition); other dependents (views, triggers) stay for a human.
import pg from 'pg';
import { type Finding } from './finding.ts';
import { type Sides } from './compare.ts';

/** The function PostgreSQL asks to drop first, from a failed apply's error text. */
export function functionToDrop(error: string): string | null {
  return /Use DROP FUNCTION (.+?) first\./.exec(error)?.[1] ?? null;
}

interface Policy { name: string; table: string; create: string | null }

// Policies that depend on the function (on the migrations' side), with their definition on the
// schema files' side (null: the schema files no longer have the policy).
const DEPENDENT_POLICIES = `
select p.polname as name, p.polrelid::regclass::text as "table"
  from pg_depend d join pg_policy p on d.classid = 'pg_policy'::regclass and d.objid = p.oid
 where d.refclassid = 'pg_proc'::regclass and d.refobjid = to_regprocedure($1)`;

const POLICY_DEFINITION = `
select format('create policy %I on %s as %s for %s to %s%s%s;', p.polname, p.polrelid::regclass,
         case when p.polpermissive then 'permissive' else 'restrictive' end,
         case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' when 'd' then 'delete' else 'all' end,
         array_to_string(array(select case when r = 0 then 'public' else quote_ident(pg_get_userbyid(r)) end from unnest(p.polroles) r), ', '),
         ' using (' || pg_get_expr(p.polqual, p.polrelid) || ')',
         ' with check (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')') as create
  from pg_policy p
 where p.polname = $1 and p.polrelid = to_regclass($2)`;

async function withClient<T>(url: string, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/**
 * The error names the function as the database's search_path shows it (`f(uuid)` for public):
 * resolved there, then printed schema-qualified.
 */
async function qualified(sides: Sides, fn: string): Promise<string | null> {
  return withClient(sides.from.url, async (db) => {
    const { rows } = await db.query<{ oid: number | null }>('select to_regprocedure($1)::oid as oid', [fn]);
    if (rows[0].oid === null) return null;
    await db.query(`set search_path = ''`);
    return (await db.query<{ name: string }>('select $1::oid::regprocedure::text as name', [rows[0].oid])).rows[0].name;
  });
}

async function dependentPolicies(sides: Sides, fn: string): Promise<Policy[]> {
  const found = await withClient(sides.from.url, async (db) => {
    await db.query(`set search_path = ''`);
    return db.query<Policy>(DEPENDENT_POLICIES, [fn]);
  });
  return withClient(sides.to.url, async (db) => {
    await db.query(`set search_path = ''`);
    const policies: Policy[] = [];
    for (const p of found.rows) policies.push({ ...p, create: (await db.query(POLICY_DEFINITION, [p.name, p.table])).rows[0]?.create ?? null });
    return policies;
  });
}

const quotedName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The structure statements with `fn` dropped before its first CREATE OR REPLACE, its dependent
 * policies dropped before that and recreated after it (unless migra recreates them anyway).
 */
export async function dropBeforeReplace(sides: Sides, statements: Finding[], named: string): Promise<Finding[]> {
  const fn = await qualified(sides, named);
  if (!fn) return statements;
  const bare = fn.slice(0, fn.indexOf('(')).replace(/"/g, '');
  const at = statements.findIndex((f) => new RegExp(`^create or replace function "?${bare.replace('.', '"?\\."?')}"?\\(`, 'i').test(f.sql.trim()));
  if (at < 0) return statements;
  const policies = await dependentPolicies(sides, fn);
  const migraCreates = (p: Policy) => statements.some((f) => f.sql.toLowerCase().startsWith(`create policy ${quotedName(p.name).toLowerCase()}`)
    && f.sql.replace(/"/g, '').includes(` on ${p.table}`));
  const before: Finding[] = [
    ...policies.map((p): Finding => ({ area: 'structure', what: '', sql: `drop policy if exists ${quotedName(p.name)} on ${p.table};` })),
    { area: 'structure', what: `function ${fn}: dropped first (its return type, an argument name or a default changed)`, sql: `drop function ${fn};` },
  ];
  const after = policies.filter((p) => p.create && !migraCreates(p))
    .map((p): Finding => ({ area: 'structure', what: '', sql: p.create! }));
  return [...statements.slice(0, at), ...before, statements[at], ...after, ...statements.slice(at + 1)];
}
