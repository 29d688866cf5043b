// The REST API reference reads the document devstack's gateway writes (its own openApiDocument, fed a
// small schema): entries, key notes, search, and example requests that name the right URL and headers.
import { describe, expect, test } from 'vitest';
import { openApiDocument } from '../../../../devstack/src/gateway/rest/response/openapi';
import type { SchemaCache } from '../../../../devstack/src/gateway/rest/schema-cache';
import { apiEntries, curlExample, parseColumnDescription, searchEntries, supabaseJsExample } from './openapi';

const col = (name: string, type: string, notNull = false, hasDefault = false) => [name, { name, type, notNull, hasDefault, defaultExpr: null }] as const;
const cache = {
  tables: new Map([
    ['public.orders', { schema: 'public', name: 'orders', kind: 'r', primaryKey: ['id'], uniqueKeys: [['id']],
      columns: new Map([col('id', 'uuid', true, true), col('tenant_id', 'uuid', true), col('total', 'numeric(12,3)', true), col('note', 'text')]) }],
    ['public.tenants', { schema: 'public', name: 'tenants', kind: 'r', primaryKey: ['id'], uniqueKeys: [['id']],
      columns: new Map([col('id', 'uuid', true, true), col('name', 'text', true)]) }],
  ]),
  foreignKeys: [{ name: 'orders_tenant_fkey', fromSchema: 'public', fromTable: 'orders', fromColumns: ['tenant_id'], toSchema: 'public', toTable: 'tenants', toColumns: ['id'] }],
  functions: new Map(), settings: { aggregatesEnabled: false, planEnabled: false, openapiMode: 'follow-privileges' }, loadedAt: 0,
} as unknown as SchemaCache;
const rel = (name: string, comment: string, columns: Record<string, string | null>, write = true) => ({
  name, kind: 'r', comment, select: true, insert: write, update: write, delete: write,
  columns: Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, { comment: c, enum: null, maxLength: null }])),
});
const doc = openApiDocument(cache, { schema: 'public', mode: 'follow-privileges', host: 'api.example.com', basePath: '/rest/v1/', scheme: 'https' }, {
  schema_comment: 'CleanMateX HQ',
  relations: [
    rel('orders', 'Laundry orders\nOne row per ticket.', { id: null, tenant_id: 'The laundry that took the order', total: 'Amount due', note: null }),
    rel('tenants', 'Laundries on the platform', { id: null, name: 'Trading name' }, false),
  ],
  functions: [{ name: 'transition_order', comment: 'Moves an order to its next stage', volatility: 'v', returns_set: false, return_type: 'void',
    args: [{ name: 'p_order_id', type: 'uuid', required: true }, { name: 'p_note', type: 'text', required: false }, { name: 'p_count', type: 'integer', required: true }] }],
});

describe('the REST API reference', () => {
  const entries = apiEntries(doc);

  test('one entry per table/view then per function, with summary, description, methods, columns', () => {
    expect(entries.map((e) => `${e.kind}:${e.name}`)).toEqual(['table:orders', 'table:tenants', 'function:transition_order']);
    const orders = entries[0];
    expect(orders).toMatchObject({ summary: 'Laundry orders', description: 'One row per ticket.', methods: ['GET', 'POST', 'PATCH', 'DELETE'] });
    expect(orders.fields).toEqual([
      { name: 'id', type: 'uuid', required: false, description: '', primaryKey: true },
      { name: 'tenant_id', type: 'uuid', required: true, description: 'The laundry that took the order', primaryKey: false, references: 'tenants.id' },
      { name: 'total', type: 'numeric', required: true, description: 'Amount due', primaryKey: false },
      { name: 'note', type: 'text', required: false, description: '', primaryKey: false },
    ]);
    expect(entries[1].methods).toEqual(['GET']);
    expect(entries[2]).toMatchObject({ summary: 'Moves an order to its next stage', methods: ['POST'] });
    expect(entries[2].fields.map((f) => [f.name, f.type, f.required])).toEqual([['p_order_id', 'uuid', true], ['p_note', 'text', false], ['p_count', 'integer', true]]);
  });

  test('an empty or missing document has no entries', () => {
    expect(apiEntries(undefined)).toEqual([]);
    expect(apiEntries({ paths: { '/': {} } })).toEqual([]);
  });

  test('key notes are split from the comment', () => {
    expect(parseColumnDescription("Owner\n\nNote:\nThis is a Primary Key.<pk/>\nThis is a Foreign Key to `a.b`.<fk table='a' column='b'/>"))
      .toEqual({ description: 'Owner', primaryKey: true, references: 'a.b' });
    expect(parseColumnDescription(undefined)).toEqual({ description: '', primaryKey: false });
  });

  test('search matches names, descriptions and column descriptions, every word', () => {
    expect(searchEntries(entries, '').length).toBe(3);
    expect(searchEntries(entries, 'TRADING').map((e) => e.name)).toEqual(['tenants']);
    expect(searchEntries(entries, 'order stage').map((e) => e.name)).toEqual(['transition_order']);
    expect(searchEntries(entries, 'nothing-like-this')).toEqual([]);
  });

  test('examples: curl with apikey and Authorization, a select URL or an rpc POST with the required arguments', () => {
    const url = 'https://api.example.com/rest/v1';
    expect(curlExample(entries[0], url)).toBe(
      `curl '${url}/orders?select=*&limit=10' \\\n  -H "apikey: $SUPABASE_ANON_KEY" \\\n  -H "Authorization: Bearer $ACCESS_TOKEN"`);
    const rpc = curlExample(entries[2], url);
    expect(rpc).toContain(`curl -X POST '${url}/rpc/transition_order'`);
    expect(rpc).toContain(`-d '{"p_order_id":"00000000-0000-0000-0000-000000000000","p_count":0}'`);
    expect(supabaseJsExample(entries[0])).toBe("const { data, error } = await supabase\n  .from('orders')\n  .select('*')\n  .limit(10);");
    expect(supabaseJsExample(entries[2])).toContain("supabase.rpc('transition_order', {\n  \"p_order_id\"");
  });
});
