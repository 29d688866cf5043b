// The query stage of the OpenAPI document: what the schema cache does not hold — the comments on the
// schema, its relations, columns and functions — and which of them the request's role may use.
// It runs in the request's transaction (role and claims set), so `has_*_privilege` answer for the
// caller: that is PostgREST's `openapi-mode = follow-privileges`. `ignore-privileges` lists everything.
import type { OpenApiPlan } from '../plan/openapi.ts';
import { literal } from './sql.ts';

/** One row, one column `doc`: {schema_comment, relations: [...], functions: [...]}. */
export function openApiSql(plan: OpenApiPlan): string {
  const follow = plan.mode === 'follow-privileges';
  // A verb is offered when the relation supports it and (following privileges) the role holds it.
  const can = (privilege: string) => (follow ? `has_table_privilege(c.oid, '${privilege}')` : 'true');
  const schema = literal(plan.schema);
  return `
select json_build_object(
  'schema_comment', (select obj_description(n.oid, 'pg_namespace') from pg_namespace n where n.nspname = ${schema}),
  'relations', coalesce((
    select json_agg(json_build_object(
      'name', c.relname, 'kind', c.relkind::text, 'comment', obj_description(c.oid, 'pg_class'),
      'select', ${can('SELECT')},
      'insert', ${can('INSERT')} and (c.relkind in ('r', 'p') or pg_relation_is_updatable(c.oid, false) & 8 = 8),
      'update', ${can('UPDATE')} and (c.relkind in ('r', 'p') or pg_relation_is_updatable(c.oid, false) & 4 = 4),
      'delete', ${can('DELETE')} and (c.relkind in ('r', 'p') or pg_relation_is_updatable(c.oid, false) & 16 = 16),
      'columns', coalesce((
        select json_object_agg(a.attname, json_build_object(
          'comment', col_description(c.oid, a.attnum),
          'enum', (select json_agg(e.enumlabel order by e.enumsortorder) from pg_enum e where e.enumtypid = a.atttypid),
          'maxLength', case when a.atttypid in ('varchar'::regtype, 'bpchar'::regtype) and a.atttypmod > 4 then a.atttypmod - 4 end))
        from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '{}'))
      order by c.relname)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relkind in ('r', 'v', 'm', 'f', 'p')
      ${follow ? `and has_schema_privilege(n.oid, 'USAGE') and has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE')` : ''}), '[]'),
  'functions', coalesce((
    select json_agg(json_build_object(
      'name', p.proname, 'comment', obj_description(p.oid, 'pg_proc'), 'volatility', p.provolatile::text,
      'returns_set', p.proretset, 'return_type', format_type(p.prorettype, null),
      'args', coalesce((
        select json_agg(json_build_object('name', i.name, 'type', i.type, 'required', i.n <= p.pronargs - p.pronargdefaults) order by i.n)
        from (select coalesce(p.proargnames[k.o], '') as name, format_type(k.t, null) as type, row_number() over (order by k.o) as n
              from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality k(t, o)
              where coalesce(p.proargmodes[k.o]::text, 'i') in ('i', 'b', 'v')) i), '[]'))
      order by p.proname, p.oid)
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = ${schema} and p.prokind = 'f'
      and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
      ${follow ? `and has_schema_privilege(n.oid, 'USAGE') and has_function_privilege(p.oid, 'EXECUTE')` : ''}), '[]')
)::text as doc`;
}
