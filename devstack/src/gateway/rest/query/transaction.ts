// The text of one request's transaction: PostgREST's per-request settings (role, claims, method,
// path, headers, search_path) as transaction-local set_config calls, then the statement — all in one
// simple-protocol round trip.
import type { ApiRequest } from '../request/api-request.ts';
import { ident, literal } from './sql.ts';
import type { Statement } from './statement.ts';

/** The search_path of a schema profile: the schema, then the configured extra schemas. */
export function searchPathFor(extraSearchPath: string[], schema: string): string {
  return [schema, ...extraSearchPath.filter((s) => s !== schema)].map(ident).join(', ');
}

function setting(name: string, value: string): string {
  return `set_config(${literal(name)}, ${literal(value)}, true)`;
}

/** `SELECT set_config(…), …` for the request; the pool's connections already have the default search_path. */
export function settingsSql(req: ApiRequest, searchPath: string, defaultSearchPath: string): string {
  const calls = [
    setting('role', req.auth.role),
    setting('request.jwt.claims', req.auth.claimsJson),
    setting('request.method', req.method),
    setting('request.path', req.path),
    setting('request.headers', JSON.stringify(req.headers)),
  ];
  if (searchPath !== defaultSearchPath) calls.push(setting('search_path', searchPath));
  return `SELECT ${calls.join(', ')}`;
}

/**
 * BEGIN [READ ONLY]; settings; [before;] statement[; COMMIT]. A statement with a guard leaves the
 * transaction open: the executor commits or rolls back once it has checked the guard.
 */
export function transactionSql(settings: string, stmt: Statement): string {
  return `BEGIN${stmt.readOnly ? ' READ ONLY' : ''}; ${settings}; ${stmt.before ? `${stmt.before}; ` : ''}${stmt.sql}${stmt.guard ? '' : '; COMMIT'}`;
}
