// The plan of GET /rest/v1/: which schema to describe (Accept-Profile), whether the caller's
// privileges filter the document (PostgREST's openapi-mode), and where the API is served from.
import { openApiDisabled } from '../errors.ts';
import type { ApiRequest } from '../request/api-request.ts';
import type { OpenApiMode, SchemaCache } from '../schema-cache.ts';

export interface OpenApiPlan {
  schema: string;
  mode: Exclude<OpenApiMode, 'disabled'>;
  /** Swagger's host, basePath and scheme: as the client reached the gateway (PostgREST's openapi-server-proxy-uri). */
  host: string;
  basePath: string;
  scheme: 'http' | 'https';
}

export function planOpenApi(cache: SchemaCache, req: ApiRequest): OpenApiPlan {
  const mode = cache.settings.openapiMode;
  if (mode === 'disabled') throw openApiDisabled();
  const forwarded = (name: string) => {
    const v = req.headers[name];
    return typeof v === 'string' && v ? v.split(',')[0].trim() : undefined;
  };
  return {
    schema: req.schema, mode,
    host: forwarded('x-forwarded-host') ?? req.headers.host ?? 'localhost',
    basePath: '/rest/v1/',
    scheme: forwarded('x-forwarded-proto') === 'https' ? 'https' : 'http',
  };
}
