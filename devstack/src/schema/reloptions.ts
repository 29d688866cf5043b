// Storage and security options of tables and views (migra does not compare them): a view that
// loses `security_invoker = true` runs with its owner's rights and bypasses row-level security.
import type pg from 'pg';
import { type Comparison, type Finding, SKIPPED_SCHEMAS } from './finding.ts';

interface Rel { name: string; keyword: string; options: string[] }

const RELOPTIONS = `
select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name,
       case c.relkind when 'v' then 'view' when 'm' then 'materialized view' else 'table' end as keyword,
       coalesce(c.reloptions, '{}') as options
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p', 'v', 'm')
   and not (n.nspname = any ($1::text[])) and n.nspname not like 'pg\\_temp%' and n.nspname not like 'pg\\_toast%'`;

async function rels(db: pg.Client): Promise<Map<string, Rel>> {
  const { rows } = await db.query<Rel>(RELOPTIONS, [SKIPPED_SCHEMAS]);
  return new Map(rows.map((r) => [r.name, r]));
}

/** Relations both sides have whose options differ (a missing relation is a structure difference). */
export const compareRelOptions: Comparison = async (fromDb, toDb) => {
  const [from, to] = await Promise.all([rels(fromDb), rels(toDb)]);
  const findings: Finding[] = [];
  for (const [name, now] of to) {
    const was = from.get(name);
    if (!was) continue;
    const wasSet = [...was.options].sort().join(', ');
    const nowSet = [...now.options].sort().join(', ');
    if (wasSet === nowSet) continue;
    const gone = was.options.map((o) => o.split('=')[0]).filter((k) => !now.options.some((o) => o.startsWith(`${k}=`)));
    const sql = [
      ...(now.options.length ? [`alter ${now.keyword} ${name} set (${now.options.join(', ')});`] : []),
      ...(gone.length ? [`alter ${now.keyword} ${name} reset (${gone.join(', ')});`] : []),
    ].join('\n');
    findings.push({ area: 'structure', what: `${now.keyword} ${name}: options (${wasSet || 'none'}) in the migrations, (${nowSet || 'none'}) in the schema files`, sql });
  }
  return findings;
};
