// The response stage of GET /rest/v1/: an OpenAPI 2.0 (Swagger) document shaped as PostgREST 12
// writes it — one path per table/view and per function, one definition per table/view, shared
// parameters — from the schema cache (types, keys, defaults) and the query stage's rows (comments,
// what the caller may use). Built from PostgREST's documentation of its OpenAPI output.
import type { OpenApiPlan } from '../plan/openapi.ts';
import type { Column, SchemaCache, Table } from '../schema-cache.ts';
import { tableKey } from '../schema-cache.ts';
import { defaultValue, swaggerType } from './openapi-types.ts';

/** What the query stage returns (query/openapi.ts). */
export interface OpenApiRows {
  schema_comment: string | null;
  relations: {
    name: string; kind: string; comment: string | null;
    select: boolean; insert: boolean; update: boolean; delete: boolean;
    columns: Record<string, { comment: string | null; enum: string[] | null; maxLength: number | null }>;
  }[];
  functions: {
    name: string; comment: string | null; volatility: 'i' | 's' | 'v'; returns_set: boolean; return_type: string;
    args: { name: string; type: string; required: boolean }[];
  }[];
}

/** PostgREST's version this gateway answers as. */
const VERSION = '12.2.3';

const MEDIA = ['application/json', 'application/vnd.pgrst.object+json;nulls=stripped', 'application/vnd.pgrst.object+json', 'text/csv'];

/** A comment's first line is the summary, the lines after it the description (PostgREST's rule). */
function splitComment(comment: string | null): { summary?: string; description?: string } {
  if (!comment) return {};
  const at = comment.indexOf('\n');
  if (at < 0) return { summary: comment };
  const description = comment.slice(at + 1).trim();
  return { summary: comment.slice(0, at).trim(), ...(description ? { description } : {}) };
}

/** The parameters every path shares, referenced as #/parameters/<name>. */
function sharedParameters() {
  const prefer = (values: string[]) => ({ name: 'Prefer', description: 'Preference', required: false, enum: values, in: 'header', type: 'string' });
  const query = (name: string, description: string) => ({ name, description, required: false, in: 'query', type: 'string' });
  return {
    preferParams: prefer(['params=single-object']),
    preferReturn: prefer(['return=representation', 'return=minimal', 'return=none']),
    preferCount: prefer(['count=none']),
    preferPost: prefer(['return=representation', 'return=minimal', 'return=none', 'resolution=ignore-duplicates', 'resolution=merge-duplicates']),
    select: query('select', 'Filtering Columns'),
    on_conflict: query('on_conflict', 'On Conflict'),
    order: query('order', 'Ordering'),
    range: { name: 'Range', description: 'Limiting and Pagination', required: false, in: 'header', type: 'string' },
    rangeUnit: { name: 'Range-Unit', description: 'Limiting and Pagination', required: false, default: 'items', in: 'header', type: 'string' },
    offset: query('offset', 'Limiting and Pagination'),
    limit: query('limit', 'Limiting and Pagination'),
  };
}

const ref = (name: string) => ({ $ref: `#/parameters/${name}` });

/** The notes PostgREST appends to a key column's description (clients such as Supabase Studio read the tags). */
function keyNotes(cache: SchemaCache, table: Table, column: string): string[] {
  const notes: string[] = [];
  if (table.primaryKey.includes(column)) notes.push('This is a Primary Key.<pk/>');
  for (const fk of cache.foreignKeys) {
    if (fk.throughView || fk.fromSchema !== table.schema || fk.fromTable !== table.name) continue;
    if (fk.fromColumns.length !== 1 || fk.fromColumns[0] !== column) continue;
    notes.push(`This is a Foreign Key to \`${fk.toTable}.${fk.toColumns[0]}\`.<fk table='${fk.toTable}' column='${fk.toColumns[0]}'/>`);
  }
  return notes;
}

function property(cache: SchemaCache, table: Table, col: Column, extra: OpenApiRows['relations'][number]['columns'][string] | undefined) {
  const notes = keyNotes(cache, table, col.name);
  const parts = [extra?.comment, notes.length ? `Note:\n${notes.join('\n')}` : null].filter(Boolean);
  const dflt = defaultValue(col.defaultExpr);
  return {
    ...(dflt !== undefined ? { default: dflt } : {}),
    ...(parts.length ? { description: parts.join('\n\n') } : {}),
    ...(extra?.enum ? { enum: extra.enum } : {}),
    ...(extra?.maxLength ? { maxLength: extra.maxLength } : {}),
    ...swaggerType(col.type),
  };
}

function definition(cache: SchemaCache, table: Table, rel: OpenApiRows['relations'][number]) {
  const columns = [...table.columns.values()];
  const required = columns.filter((c) => c.notNull && !c.hasDefault).map((c) => c.name);
  return {
    ...(rel.comment ? { description: rel.comment } : {}),
    required: required.length ? required : undefined,
    properties: Object.fromEntries(columns.map((c) => [c.name, property(cache, table, c, rel.columns[c.name])])),
    type: 'object',
  };
}

function tablePath(table: Table, rel: OpenApiRows['relations'][number]) {
  const filters = [...table.columns.keys()].map((c) => ref(`rowFilter.${table.name}.${c}`));
  const body = ref(`body.${table.name}`);
  const common = { tags: [table.name], ...splitComment(rel.comment) };
  const path: Record<string, unknown> = {};
  if (rel.select) {
    path.get = { ...common, parameters: [...filters, ref('select'), ref('order'), ref('range'), ref('rangeUnit'), ref('offset'), ref('limit'), ref('preferCount')],
      responses: { 200: { description: 'OK', schema: { items: { $ref: `#/definitions/${table.name}` }, type: 'array' } }, 206: { description: 'Partial Content' } } };
  }
  if (rel.insert) path.post = { ...common, parameters: [body, ref('select'), ref('preferPost')], responses: { 201: { description: 'Created' } } };
  if (rel.delete) path.delete = { ...common, parameters: [...filters, ref('preferReturn')], responses: { 204: { description: 'No Content' } } };
  if (rel.update) path.patch = { ...common, parameters: [...filters, body, ref('preferReturn')], responses: { 204: { description: 'No Content' } } };
  return path;
}

/** POST with the arguments as a JSON object; GET (query-string arguments) only for stable and immutable functions. */
function rpcPath(fn: OpenApiRows['functions'][number]) {
  const common = { tags: [`(rpc) ${fn.name}`], ...splitComment(fn.comment) };
  const named = fn.args.filter((a) => a.name);
  const single = fn.args.length === 1 && !fn.args[0].name;
  const bodySchema = single
    ? { ...swaggerType(fn.args[0].type) }
    : {
        required: named.filter((a) => a.required).map((a) => a.name),
        properties: Object.fromEntries(named.map((a) => [a.name, swaggerType(a.type)])),
        type: 'object',
      };
  const path: Record<string, unknown> = {
    post: { ...common, parameters: [{ in: 'body', name: 'args', required: true, schema: bodySchema }, ref('preferParams')], produces: ['application/json', 'application/vnd.pgrst.object+json'],
      responses: { 200: { description: 'OK' } } },
  };
  if (fn.volatility !== 'v' && !single) {
    path.get = { ...common, parameters: named.map((a) => ({ in: 'query', name: a.name, required: a.required, ...swaggerType(a.type) })),
      produces: ['application/json', 'application/vnd.pgrst.object+json'], responses: { 200: { description: 'OK' } } };
  }
  return path;
}

export function openApiDocument(cache: SchemaCache, plan: OpenApiPlan, rows: OpenApiRows): Record<string, unknown> {
  const info = rows.schema_comment ? splitComment(rows.schema_comment) : { summary: 'PostgREST API', description: 'This is a dynamic API generated by PostgREST' };
  const paths: Record<string, unknown> = {
    '/': { get: { tags: ['Introspection'], summary: 'OpenAPI description (this document)', produces: ['application/openapi+json', 'application/json'], responses: { 200: { description: 'OK' } } } },
  };
  const definitions: Record<string, unknown> = {};
  const parameters: Record<string, unknown> = sharedParameters();
  for (const rel of rows.relations) {
    const table = cache.tables.get(tableKey(plan.schema, rel.name));
    if (!table) continue; // created after the cache was read: listed once the cache reloads
    paths[`/${rel.name}`] = tablePath(table, rel);
    definitions[rel.name] = definition(cache, table, rel);
    parameters[`body.${rel.name}`] = { name: rel.name, description: rel.name, required: false, in: 'body', schema: { $ref: `#/definitions/${rel.name}` } };
    for (const col of table.columns.values()) {
      const comment = rel.columns[col.name]?.comment;
      parameters[`rowFilter.${rel.name}.${col.name}`] = { name: col.name, ...(comment ? { description: comment } : {}), required: false, format: swaggerType(col.type).format, in: 'query', type: 'string' };
    }
  }
  // Overloads share one path: the first one (in creation order) describes it, as in PostgREST.
  for (const fn of rows.functions) {
    if (!paths[`/rpc/${fn.name}`]) paths[`/rpc/${fn.name}`] = rpcPath(fn);
  }
  return {
    swagger: '2.0',
    info: { description: info.description ?? '', title: info.summary ?? '', version: VERSION },
    host: plan.host,
    basePath: plan.basePath,
    schemes: [plan.scheme],
    consumes: MEDIA,
    produces: MEDIA,
    paths,
    definitions,
    parameters,
    externalDocs: { description: 'PostgREST Documentation', url: 'https://postgrest.org/en/v12/references/api.html' },
  };
}
