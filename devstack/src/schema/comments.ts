// Comments (pg_description), which migra does not compare: tables, views, columns, functions,
// types, schemas, policies, triggers, constraints, indexes.
import type pg from 'pg';
import { type Comparison, type Finding, SKIPPED_SCHEMAS, clip, clipPair, sqlLiteral } from './finding.ts';

interface Described { describe: string; type: string; identity: string; description: string }

const COMMENTS = `
select pg_describe_object(d.classoid, d.objoid, d.objsubid) as describe, i.type, i.identity, d.description
  from pg_description d
  cross join lateral pg_identify_object(d.classoid, d.objoid, d.objsubid) i
 where coalesce(i.schema, case when d.classoid = 'pg_namespace'::regclass then i.identity end, '') <> all ($1::text[])
   and coalesce(i.schema, '') not like 'pg\\_temp%' and coalesce(i.schema, '') not like 'pg\\_toast%'
   and d.classoid <> 'pg_largeobject'::regclass
   and not exists (select from pg_depend e where e.objid = d.objoid and e.classid = d.classoid and e.deptype = 'e')
   and not (d.classoid = 'pg_extension'::regclass)`;

/** The `comment on <object>` part for an object pg_identify_object describes. */
export function commentTarget(type: string, identity: string): string {
  if (type.endsWith(' column')) return `column ${identity}`;
  if (type === 'composite type' || type === 'enum') return `type ${identity}`;
  if (type === 'table constraint') return `constraint ${identity}`;
  if (type === 'domain constraint') return `constraint ${identity.replace(' on ', ' on domain ')}`;
  return `${type} ${identity}`;
}

async function comments(db: pg.Client): Promise<Map<string, Described>> {
  const { rows } = await db.query<Described>(COMMENTS, [SKIPPED_SCHEMAS]);
  return new Map(rows.map((r) => [`${r.type}|${r.identity}`, r]));
}

export const compareComments: Comparison = async (fromDb, toDb) => {
  const [from, to] = await Promise.all([comments(fromDb), comments(toDb)]);
  const findings: Finding[] = [];
  for (const [key, was] of from) {
    if (to.has(key)) continue;
    findings.push({ area: 'comments', what: `${was.describe}: comment ${clip(was.description)} only in the migrations`,
      sql: `comment on ${commentTarget(was.type, was.identity)} is null;` });
  }
  for (const [key, now] of to) {
    const was = from.get(key);
    if (was?.description === now.description) continue;
    findings.push({
      area: 'comments',
      what: was ? `${now.describe}: comment differs (${clipPair(was.description, now.description)})`
        : `${now.describe}: comment ${clip(now.description)} only in the schema files`,
      sql: `comment on ${commentTarget(now.type, now.identity)} is ${sqlLiteral(now.description)};`,
    });
  }
  return findings;
};
