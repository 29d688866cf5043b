// The Accept header: which body the client wants (JSON, one object, CSV, a plan, a raw value),
// whether nulls are stripped, and the options of a plan request.
import { mediaTypeError } from '../errors.ts';

export type Format = 'json' | 'single' | 'csv' | 'plan' | RawFormat;
/** Raw bodies for functions returning one text, xml or bytea value. */
export type RawFormat = 'text' | 'xml' | 'binary';

/** `application/vnd.pgrst.array+json;nulls=stripped` (or object): drop null fields from the JSON body. */
export function stripsNulls(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',').map((m) => m.split(';').map((p) => p.trim().toLowerCase()))
    .find(([type]) => /^application\/(vnd\.pgrst\.(array|object)(\+json)?|json)$|^\*\/\*$/.test(type ?? ''));
  return !!first && /^application\/vnd\.pgrst\.(array|object)/.test(first[0]) && first.slice(1).includes('nulls=stripped');
}

export function responseFormat(accept: string | undefined): Format {
  if (!accept) return 'json';
  for (const raw of accept.split(',')) {
    const type = raw.split(';')[0].trim().toLowerCase();
    if (type === 'application/vnd.pgrst.object+json' || type === 'application/vnd.pgrst.object') return 'single';
    if (type === 'application/vnd.pgrst.array+json' || type === 'application/vnd.pgrst.array') return 'json';
    if (type === 'text/csv') return 'csv';
    if (type === 'text/plain') return 'text';
    if (type === 'text/xml') return 'xml';
    if (type === 'application/octet-stream') return 'binary';
    if (type === 'application/vnd.pgrst.plan+json' || type === 'application/vnd.pgrst.plan+text' || type === 'application/vnd.pgrst.plan') return 'plan';
    if (type === 'application/json' || type === '*/*' || type === 'application/*' || type === '') return 'json';
  }
  throw mediaTypeError(accept);
}

export interface PlanRequest { text: boolean; forType: string; options: string[] }

/** `application/vnd.pgrst.plan+json; for="application/json"; options=analyze|verbose` → EXPLAIN's format and options. */
export function planRequest(accept: string): PlanRequest {
  const media = accept.split(',').map((m) => m.trim()).find((m) => m.toLowerCase().startsWith('application/vnd.pgrst.plan'))!;
  const [type, ...params] = media.split(';').map((p) => p.trim());
  const param = (name: string) => params.find((p) => p.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1).replace(/^"|"$/g, '');
  const options = (param('options') ?? '').split('|').map((o) => o.trim().toLowerCase())
    .filter((o) => ['analyze', 'verbose', 'settings', 'buffers', 'wal'].includes(o));
  return { text: type.toLowerCase() === 'application/vnd.pgrst.plan+text', forType: param('for') ?? 'application/json', options };
}

/** The root's media types: the OpenAPI document, as application/openapi+json or plain JSON. */
const OPENAPI_TYPES = /^(application\/openapi\+json|application\/json|application\/\*|\*\/\*)$/;

export function acceptsOpenApi(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((m) => OPENAPI_TYPES.test(m.split(';')[0].trim().toLowerCase()));
}
