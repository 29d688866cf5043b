// PostgREST's error bodies and its SQLSTATE → HTTP status mapping.

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public details: unknown = null,
    public hint: string | null = null,
    public headers: Record<string, string> = {},
  ) {
    super(message);
  }
  body() {
    return { code: this.code, message: this.message, details: this.details, hint: this.hint };
  }
}



// ── One constructor per PostgREST error code, worded as PostgREST 12 words it ──

const bearer = (description?: string) => ({ 'WWW-Authenticate': description ? `Bearer error="invalid_token", error_description="${description}"` : 'Bearer' });

/** PGRST000: the database cannot be reached. */
export const noConnection = (details: string) => new ApiError(503, 'PGRST000', 'Could not connect with the database', details);
/** PGRST000 (as the gateway words it): an unexpected failure inside the gateway. */
export const internalError = () => new ApiError(500, 'PGRST000', 'Internal gateway error', null, null);
/** PGRST100: the query string does not parse. */
export const badQuery = (message: string, details: string | null = null) => new ApiError(400, 'PGRST100', message, details);
export const malformedUrl = () => new ApiError(400, 'PGRST100', 'Malformed URL', null, null);
export const malformedUrlEncoding = () => new ApiError(400, 'PGRST100', 'Malformed URL encoding');
/** PGRST101: a method other than GET/HEAD/POST on /rpc. */
export const rpcMethod = (method: string) => new ApiError(405, 'PGRST101', `Cannot use the ${method} method on RPC`, null, null);
/** PGRST102: the body is not valid (JSON), or too large. */
export const badBody = (message: string) => new ApiError(400, 'PGRST102', message);
export const bodyTooLarge = () => new ApiError(413, 'PGRST102', 'Request body too large');
/** PGRST103: an offset past the last row. */
export const rangeNotSatisfiable = (offset: number, total: number) => new ApiError(416, 'PGRST103', 'Requested range not satisfiable',
  `An offset of ${offset} was requested, but there are only ${total} rows.`, null, { 'Content-Range': `*/${total}` });
/** PGRST106: a profile header naming a schema that is not exposed. */
export const schemaNotExposed = (schemas: string[]) => new ApiError(406, 'PGRST106', `The schema must be one of the following: ${schemas.join(', ')}`, null, null);
/** PGRST107: no acceptable media type. */
export const mediaTypeError = (accept: string | undefined) => new ApiError(406, 'PGRST107', `None of these media types are available: ${accept ?? ''}`, null, null);
/** PGRST108: a filter/order/limit on an embed that is not in the select. */
export const notEmbedded = (name: string) => new ApiError(400, 'PGRST108', `'${name}' is not an embedded resource in this request`, null,
  `Verify that '${name}' is included in the 'select' query parameter.`);
/** PGRST116: a singular response with other than one row. */
export const singleError = (rows: number) => new ApiError(406, 'PGRST116', 'JSON object requested, multiple (or no) rows returned', `The result contains ${rows} rows`, null);
/** PGRST117: an HTTP method the endpoint does not serve. */
export const unsupportedMethod = (method: string) => new ApiError(405, 'PGRST117', `Unsupported HTTP method: ${method}`, null, null);
/** PGRST118 / PGRST119: ordering by or spreading a relationship that is not to-one. */
export const relatedOrderNotToOne = (origin: string, target: string) => new ApiError(400, 'PGRST118', `A related order on '${target}' is not possible`,
  `'${origin}' and '${target}' do not form a many-to-one or one-to-one relationship`, null);
export const spreadNotToOne = (origin: string, target: string) => new ApiError(400, 'PGRST119', `A spread operation on '${target}' is not possible`,
  `'${origin}' and '${target}' do not form a many-to-one or one-to-one relationship`, null);
/** PGRST123: aggregates while db_aggregates_enabled is off. */
export const aggregatesNotAllowed = () => new ApiError(400, 'PGRST123', 'Use of aggregate functions is not allowed', null, null);
/** PGRST124: more rows affected than `max-affected` allows. */
export const maxAffectedError = (affected: number) =>
  new ApiError(400, 'PGRST124', 'Query result exceeds max-affected preference constraint', `The query affects ${affected} rows`, null);
/** PGRST125: a path that is neither a table nor /rpc/<fn>. */
export const invalidPath = () => new ApiError(404, 'PGRST125', 'Invalid path specified in request URL', null, null);
/** PGRST126: GET on the root while openapi-mode is disabled. */
export const openApiDisabled = () => new ApiError(404, 'PGRST126', 'Root endpoint metadata is disabled', null, null);
/** PGRST200: no relationship for an embed. */
export const noRelationship = (parent: string, target: string, hints: string[], schema: string) => new ApiError(400, 'PGRST200',
  `Could not find a relationship between '${parent}' and '${target}' in the schema cache`,
  `Searched for a foreign key relationship between '${parent}' and '${target}'${hints.length ? ` using the hint '${hints.join('!')}'` : ''} in the schema '${schema}', but no matches were found.`,
  null);
/** PGRST201: several relationships for an embed. */
export const ambiguousRelationship = (parent: string, target: string, details: unknown[], options: string[]) => new ApiError(300, 'PGRST201',
  `Could not embed because more than one relationship was found for '${parent}' and '${target}'`, details,
  `Try changing '${target}' to one of the following: ${options.join(', ')}. Find the desired relationship in the 'details' key.`);
/** PGRST202: no function for the name and arguments. */
export const noFunction = (message: string, details: string) => new ApiError(404, 'PGRST202', message, details, null);
/** PGRST203: several overloads match. */
export const ambiguousFunction = (signatures: string[]) => new ApiError(300, 'PGRST203',
  `Could not choose the best candidate function between: ${signatures.join(', ')}`, null,
  'Try renaming the parameters or the function itself in the database so function overloading can be resolved');
/** PGRST204: a payload or columns= key that is not a column. */
export const columnNotFound = (table: string, column: string) => new ApiError(400, 'PGRST204', `Could not find the '${column}' column of '${table}' in the schema cache`, null, null);
/** PGRST301-303: API key and JWT problems. */
export const noApiKey = () => new ApiError(401, 'PGRST302', 'No API key found in request', null, 'No `apikey` request header or url param was found.', bearer());
export const jwtExpired = () => new ApiError(401, 'PGRST303', 'JWT expired', null, null, bearer('JWT expired'));
export const jwtInvalid = (message: string) => new ApiError(401, 'PGRST301', message, null, null, bearer(message));

// ── Database errors PostgREST 12 does not pre-empt, answered with PostgreSQL's code and wording ──

export const undefinedTable = (schema: string, name: string) => new ApiError(404, '42P01', `relation "${schema}.${name}" does not exist`, null, null);
export const duplicateAlias = (alias: string) => new ApiError(400, '42712', `table name "${alias}" specified more than once`, null, null);
export const whereRequired = (verb: 'UPDATE' | 'DELETE') => new ApiError(400, '21000', `${verb} requires a WHERE clause`, null, null);
export const noConflictConstraint = () => new ApiError(400, '42P10', 'there is no unique or exclusion constraint matching the ON CONFLICT specification', null,
  'Name the conflict columns with on_conflict=');

/** Maps a PostgreSQL error to PostgREST's HTTP status. `isAnon` turns 42501 into 401. */
export function statusForSqlState(code: string, message: string, isAnon: boolean): number {
  // PostgREST 12's table (pgErrorStatus), most specific codes first, then classes; anything else is 400.
  if (/^PT\d\d\d$/.test(code)) return Number(code.slice(2));
  const exact: Record<string, number> = {
    '23503': 409, '23505': 409, '25006': 405, '53400': 500, '57P01': 503, 'P0001': 400,
    '42883': /^function xmlagg\(/.test(message) ? 406 : 404, '42P01': 404, '42P17': 500,
    '42501': isAnon ? 401 : 403, '21000': /requires a WHERE clause$/.test(message) ? 400 : 500,
  };
  if (code in exact) return exact[code];
  const byClass: Record<string, number> = {
    '08': 503, '09': 500, '0L': 403, '0P': 403, '25': 500, '28': 403, '2D': 500, '38': 500, '39': 500, '3B': 500,
    '40': 500, '53': 503, '54': 500, '55': 500, '57': 500, '58': 500, F0: 500, HV: 500, P0: 500, XX: 500,
  };
  return byClass[code.slice(0, 2)] ?? 400;
}

export function fromPgError(err: any, isAnon: boolean): ApiError {
  const code: string = typeof err?.code === 'string' ? err.code : 'XX000';
  const message: string = err?.message ?? 'unknown error';
  const status = statusForSqlState(code, message, isAnon);
  const headers: Record<string, string> = {};
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  return new ApiError(status, code, message, err?.detail ?? null, err?.hint ?? null, headers);
}
