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

export const badQuery = (message: string, details: string | null = null) =>
  new ApiError(400, 'PGRST100', message, details);

export const maxAffectedError = (affected: number) =>
  new ApiError(400, 'PGRST124', 'Query result exceeds max-affected preference constraint', `The query affects ${affected} rows`, null);

export const badBody = (message: string) => new ApiError(400, 'PGRST102', message);

/** Maps a PostgreSQL error to PostgREST's HTTP status. `isAnon` turns 42501 into 401. */
export function statusForSqlState(code: string, message: string, isAnon: boolean): number {
  if (/^PT\d\d\d$/.test(code)) return Number(code.slice(2));
  switch (code) {
    case '23503': case '23505': return 409;
    case '42501': return isAnon ? 401 : 403;
    case 'P0001': return 400;
    case '42P01': case '42883': return 404;
    case '42P17': return 500;
    case '25006': return 405;
    case '21000': return /requires a WHERE clause/.test(message) ? 400 : 500;
    case '53400': return 500;
    case '57014': return 500;
  }
  if (code.startsWith('P0')) return 500;
  if (code.startsWith('08') || code.startsWith('53')) return 503;
  if (code.startsWith('28') || code.startsWith('0L') || code.startsWith('0P')) return 403;
  if (code.startsWith('XX') || code.startsWith('58')) return 500;
  return 400;
}

export function fromPgError(err: any, isAnon: boolean): ApiError {
  const code: string = typeof err?.code === 'string' ? err.code : 'XX000';
  const message: string = err?.message ?? 'unknown error';
  const status = statusForSqlState(code, message, isAnon);
  const headers: Record<string, string> = {};
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  return new ApiError(status, code, message, err?.detail ?? null, err?.hint ?? null, headers);
}
