// The text of one request's transaction: PostgREST's per-request settings (role, claims, method,
// path, headers, search_path) as transaction-local set_config calls, then the statement — all in one
// simple-protocol round trip.
import type { ApiRequest } from '../request/api-request.ts';
import { ident, literal, refuseNul } from './sql.ts';
import type { Statement } from './statement.ts';

/** The search_path of a schema profile: the schema, then the configured extra schemas. */
export function searchPathFor(extraSearchPath: string[], schema: string): string {
  return [schema, ...extraSearchPath.filter((s) => s !== schema)].map(ident).join(', ');
}

/**
 * Quoted values that repeat from request to request (a client's claims and headers, a profile's
 * search_path), kept so each request does not escape the same kilobyte again. Bounded: cleared when full.
 */
class Remembered {
  private values = new Map<string, string>();
  constructor(private max: number) {}
  get(key: string, make: (key: string) => string): string {
    let value = this.values.get(key);
    if (value === undefined) {
      if (this.values.size >= this.max) this.values.clear();
      value = make(key);
      this.values.set(key, value);
    }
    return value;
  }
}

const claimsSettings = new Remembered(500);
const headersSettings = new Remembered(500);
const searchPaths = new Remembered(50);

function setting(name: string, value: string): string {
  return `set_config('${name}', ${literal(value)}, true)`;
}

const settingOf = (name: string) => (value: string) => setting(name, value);
const claimsSetting = settingOf('request.jwt.claims');
const headersSetting = settingOf('request.headers');

/** `SELECT set_config(…), …` for the request; the pool's connections already have the default search_path. */
export function settingsSql(req: ApiRequest, extraSearchPath: string[], defaultSearchPath: string): string {
  let sql = `SELECT ${setting('role', req.auth.role)}, ${claimsSettings.get(req.auth.claimsJson, claimsSetting)}, ${
    setting('request.method', req.method)}, ${setting('request.path', req.path)}, ${headersSettings.get(JSON.stringify(req.headers), headersSetting)}`;
  const searchPath = searchPaths.get(`${req.schema}\n${extraSearchPath.join('\n')}`, () => searchPathFor(extraSearchPath, req.schema));
  if (searchPath !== defaultSearchPath) sql += `, ${setting('search_path', searchPath)}`;
  return sql;
}

/** A read's settings as a statement with parameters, for a prepared read (rest/prepared.ts). */
export interface SettingsStatement { text: string; values: string[] }

const SETTINGS_PARAMS = `SELECT set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('request.method', $3, true), set_config('request.path', $4, true), set_config('request.headers', $5, true)`;
const READ_ONLY = `set_config('transaction_read_only', 'on', true)`;
const SETTINGS_READ = `${SETTINGS_PARAMS}, ${READ_ONLY}`;
const SETTINGS_READ_PATH = `${SETTINGS_PARAMS}, set_config('search_path', $6, true), ${READ_ONLY}`;

/**
 * The same settings as settingsSql, read-only on, their values as parameters: the text is one of two
 * constants (with or without search_path), so the server keeps it prepared on each connection. The role
 * and the claims are values of every request's own statement, never part of anything shared.
 */
export function readSettingsStatement(req: ApiRequest, extraSearchPath: string[], defaultSearchPath: string): SettingsStatement {
  // A NUL byte is refused as settingsSql refuses it; JSON text (claims, headers) escapes it already.
  refuseNul(req.auth.role);
  refuseNul(req.path);
  const values = [req.auth.role, req.auth.claimsJson, req.method, req.path, JSON.stringify(req.headers)];
  const searchPath = searchPaths.get(`${req.schema}\n${extraSearchPath.join('\n')}`, () => searchPathFor(extraSearchPath, req.schema));
  if (searchPath === defaultSearchPath) return { text: SETTINGS_READ, values };
  values.push(searchPath);
  return { text: SETTINGS_READ_PATH, values };
}

/**
 * The request's transaction as one simple-protocol query. Without a guard (reads) it is the implicit
 * transaction of that query — `SELECT set_config(…)[, set_config('transaction_read_only', 'on', true)];
 * [before;] statement`, over when the query ends, also on an error. Read-only is one more setting in the
 * settings' SELECT rather than a `SET TRANSACTION` statement of its own: each statement of the query costs
 * the server a parse, plan and result, and PostgreSQL accepts turning read-only on at any point of a
 * transaction (it takes effect for the statements after it). With a guard (writes, calls) it is an
 * explicit `BEGIN …` left open: the executor commits or rolls back once it has checked the guard.
 * The statement's result is always the query's last one, `before`'s the one just ahead of it.
 */
export function transactionSql(settings: string, stmt: Statement): string {
  const before = stmt.before ? `${stmt.before}; ` : '';
  if (stmt.guard) return `BEGIN ${stmt.readOnly ? 'READ ONLY' : 'READ WRITE'}; ${settings}; ${before}${stmt.sql}`;
  const readOnly = stmt.readOnly ? `, ${setting('transaction_read_only', 'on')}` : '';
  return `${settings}${readOnly}; ${before}${stmt.sql}`;
}
