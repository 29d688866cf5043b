// Table and sequence properties migra does not compare: FORCE ROW LEVEL SECURITY (without it the
// owner bypasses every policy), REPLICA IDENTITY (what logical replication and Realtime send for an
// update or delete) and sequence options. Only objects both sides have: a missing one is migra's.
import type pg from 'pg';
import { type Comparison, type Finding, SKIPPED_SCHEMAS } from './finding.ts';

const OUTSIDE_SKIPPED = `not (n.nspname = any ($1::text[])) and n.nspname not like 'pg\\_temp%' and n.nspname not like 'pg\\_toast%'
   and not exists (select from pg_depend d where d.objid = c.oid and d.classid = 'pg_class'::regclass and d.deptype = 'e')`;

interface Table { name: string; forced: boolean; identity: string }

const TABLES = `
select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name, c.relforcerowsecurity as forced,
       case c.relreplident when 'd' then 'default' when 'n' then 'nothing' when 'f' then 'full'
         else 'using index ' || coalesce((select quote_ident(i.relname) from pg_index x join pg_class i on i.oid = x.indexrelid
                                          where x.indrelid = c.oid and x.indisreplident), '?') end as identity
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p') and ${OUTSIDE_SKIPPED}`;

async function byName<T extends { name: string }>(db: pg.Client, sql: string): Promise<Map<string, T>> {
  const { rows } = await db.query<T>(sql, [SKIPPED_SCHEMAS]);
  return new Map(rows.map((r) => [r.name, r]));
}

/** Pairs of the same object on both sides whose `differs` holds. */
async function changed<T extends { name: string }>(fromDb: pg.Client, toDb: pg.Client, sql: string, differs: (was: T, now: T) => boolean) {
  const [from, to] = await Promise.all([byName<T>(fromDb, sql), byName<T>(toDb, sql)]);
  return [...to.values()].flatMap((now) => { const was = from.get(now.name); return was && differs(was, now) ? [{ was, now }] : []; });
}

export const compareForcedRowSecurity: Comparison = async (fromDb, toDb) =>
  (await changed<Table>(fromDb, toDb, TABLES, (was, now) => was.forced !== now.forced)).map(({ now }): Finding => ({
    area: 'structure',
    what: `table ${now.name}: row level security ${now.forced ? 'forced in the schema files only' : 'forced in the migrations only'}`,
    sql: `alter table ${now.name} ${now.forced ? 'force' : 'no force'} row level security;`,
  }));

export const compareReplicaIdentity: Comparison = async (fromDb, toDb) =>
  (await changed<Table>(fromDb, toDb, TABLES, (was, now) => was.identity !== now.identity)).map(({ was, now }): Finding => ({
    area: 'structure',
    what: `table ${now.name}: replica identity ${was.identity} in the migrations, ${now.identity} in the schema files`,
    sql: `alter table ${now.name} replica identity ${now.identity};`,
  }));

interface Sequence { name: string; options: string }

// The options as ALTER SEQUENCE spells them: comparing that text compares every option.
const SEQUENCES = `
select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name,
       format('as %s increment by %s minvalue %s maxvalue %s start with %s cache %s %s', format_type(s.seqtypid, null),
              s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache, case when s.seqcycle then 'cycle' else 'no cycle' end) as options
  from pg_sequence s join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace
 where ${OUTSIDE_SKIPPED}`;

export const compareSequenceOptions: Comparison = async (fromDb, toDb) =>
  (await changed<Sequence>(fromDb, toDb, SEQUENCES, (was, now) => was.options !== now.options)).map(({ was, now }): Finding => ({
    area: 'structure',
    what: `sequence ${now.name}: options (${was.options}) in the migrations, (${now.options}) in the schema files`,
    sql: `alter sequence ${now.name} ${now.options};`,
  }));
