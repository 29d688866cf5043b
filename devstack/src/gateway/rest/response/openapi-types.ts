// PostgreSQL types and defaults as Swagger 2.0 writes them: `format` keeps the PostgreSQL type name,
// `type` is the JSON type a client sends and receives (json/jsonb have none: any JSON value).

const INTEGER = new Set(['smallint', 'integer', 'bigint']);
const NUMBER = new Set(['numeric', 'real', 'double precision']);
const ANY_JSON = new Set(['json', 'jsonb']);

export interface SwaggerType { format: string; type?: string; items?: { type: string } }

/** `format_type` without the type modifier ("character varying(80)" → "character varying"). */
const baseName = (pgType: string) => pgType.replace(/\(\d+(,\s*\d+)?\)/g, '');

function jsonType(name: string): string | undefined {
  if (INTEGER.has(name)) return 'integer';
  if (NUMBER.has(name)) return 'number';
  if (name === 'boolean') return 'boolean';
  if (ANY_JSON.has(name)) return undefined;
  return 'string';
}

export function swaggerType(pgType: string): SwaggerType {
  const format = baseName(pgType);
  if (format.endsWith('[]')) {
    const element = jsonType(format.slice(0, -2));
    return { format, type: 'array', items: { type: element ?? 'string' } };
  }
  const type = jsonType(format);
  return type ? { format, type } : { format };
}

/**
 * A column default that is a constant, as its JSON value ('new'::text → "new", 0 → 0, false → false);
 * expressions (now(), nextval(…), gen_random_uuid()) are not values a client could send, so none.
 */
export function defaultValue(expr: string | null | undefined): unknown {
  if (!expr) return undefined;
  const text = /^'((?:[^']|'')*)'(::[\w\s."[\]]+)*$/.exec(expr);
  if (text) return text[1].replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(expr)) return Number(expr);
  if (/^\(?-?\d+(\.\d+)?\)?::[\w\s]+$/.test(expr)) return Number(expr.replace(/^\(|\)?::.*$/g, ''));
  if (expr === 'true' || expr === 'false') return expr === 'true';
  return undefined;
}
