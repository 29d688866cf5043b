// Function attributes migra does not compare. migra's function equality looks at the name and
// argument names, the result, the body, the language, volatility, strictness and SECURITY DEFINER;
// a changed parameter DEFAULT, `set search_path`, cost/rows, PARALLEL or LEAKPROOF was invisible, so
// a generated migration silently kept the old function. Each check below names what it compares;
// a function that differs only there is replaced with the schema files' own definition.
import type pg from 'pg';
import { type Comparison, type Finding, SKIPPED_SCHEMAS, clipPair } from './finding.ts';

interface Fn {
  key: string;
  /** what migra compares (a difference there: migra already replaces the function) */
  identity_args: string; result: string | null; body: string; language: string;
  volatility: string; strict: boolean; definer: boolean; kind: string;
  /** what it does not */
  args: string; settings: string; cost: number; rows: number; parallel: string; leakproof: boolean;
  definition: string;
}

// pg_get_functiondef prints CREATE OR REPLACE with every attribute; read with search_path = '' it
// qualifies every name. Aggregates and window functions have no such definition.
const FUNCTIONS = `
select p.oid::regprocedure::text as key,
       pg_get_function_identity_arguments(p.oid) as identity_args, pg_get_function_result(p.oid) as result,
       coalesce(p.prosrc, '') || coalesce(p.probin, '') as body, l.lanname as language,
       p.provolatile as volatility, p.proisstrict as strict, p.prosecdef as definer, p.prokind as kind,
       pg_get_function_arguments(p.oid) as args, array_to_string(coalesce(p.proconfig, '{}'), ', ') as settings,
       p.procost::float8 as cost, p.prorows::float8 as rows, p.proparallel as parallel, p.proleakproof as leakproof,
       pg_get_functiondef(p.oid) as definition
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
 where p.prokind in ('f', 'p')
   and not (n.nspname = any ($1::text[])) and n.nspname not like 'pg\\_temp%' and n.nspname not like 'pg\\_toast%'
   and not exists (select from pg_depend d where d.objid = p.oid and d.classid = 'pg_proc'::regclass and d.deptype = 'e')`;

async function functions(db: pg.Client): Promise<Map<string, Fn>> {
  const { rows } = await db.query<Fn>(FUNCTIONS, [SKIPPED_SCHEMAS]);
  return new Map(rows.map((r) => [r.key, r]));
}

/** migra replaces the function itself when one of these differs. */
export function migraSees(was: Fn, now: Fn): boolean {
  return was.identity_args !== now.identity_args || was.result !== now.result || was.body !== now.body
    || was.language !== now.language || was.volatility !== now.volatility || was.strict !== now.strict
    || was.definer !== now.definer || was.kind !== now.kind;
}

/** `p int default 0` → `p int default 1440`: the argument list with its defaults. */
export const parameterDefaults = (was: Fn, now: Fn) =>
  was.args === now.args ? null : `parameter defaults differ (${clipPair(was.args, now.args)})`;

/** `set search_path = ''` and other SET clauses. */
export const functionSettings = (was: Fn, now: Fn) =>
  was.settings === now.settings ? null : `settings differ (migrations "${was.settings || 'none'}", schema files "${now.settings || 'none'}")`;

export const costAndRows = (was: Fn, now: Fn) =>
  was.cost === now.cost && was.rows === now.rows ? null : `cost/rows differ (migrations ${was.cost}/${was.rows}, schema files ${now.cost}/${now.rows})`;

const PARALLEL: Record<string, string> = { s: 'safe', r: 'restricted', u: 'unsafe' };
export const parallelSafety = (was: Fn, now: Fn) =>
  was.parallel === now.parallel ? null : `parallel ${PARALLEL[was.parallel]} in the migrations, ${PARALLEL[now.parallel]} in the schema files`;

export const leakproof = (was: Fn, now: Fn) =>
  was.leakproof === now.leakproof ? null : `${now.leakproof ? 'leakproof' : 'not leakproof'} in the schema files only`;

const CHECKS = [parameterDefaults, functionSettings, costAndRows, parallelSafety, leakproof];

/**
 * Functions both sides have that differ only where migra does not look: replaced with the schema
 * files' definition. A removed default needs DROP first; diff's drop-before-replace step does that
 * (PostgreSQL's error names the function), and the catalog step then restores grants and comment.
 */
export const compareFunctionAttributes: Comparison = async (fromDb, toDb) => {
  const [from, to] = await Promise.all([functions(fromDb), functions(toDb)]);
  const findings: Finding[] = [];
  for (const [key, now] of to) {
    const was = from.get(key);
    if (!was || migraSees(was, now)) continue;
    const reasons = CHECKS.map((check) => check(was, now)).filter((r) => r !== null);
    if (reasons.length) findings.push({ area: 'structure', what: `function ${key}: ${reasons.join('; ')}`, sql: `${now.definition.trim()};` });
  }
  return findings;
};
