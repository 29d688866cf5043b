// GoTrue's error shape for API version 2024-01-01 ({code, message}); the older fields ride along
// so clients that do not send X-Supabase-Api-Version still read an error_code.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http.ts';

export const API_VERSION = '2024-01-01';

export class AuthError extends Error {
  constructor(public status: number, public code: string, message: string, public extra: Record<string, unknown> = {}) {
    super(message);
  }
}

export function sendAuthError(req: IncomingMessage, res: ServerResponse, err: AuthError): void {
  sendJson(req, res, err.status, { code: err.code, error_code: err.code, message: err.message, msg: err.message, ...err.extra },
    { 'X-Supabase-Api-Version': API_VERSION });
}

export const invalidCredentials = () => new AuthError(400, 'invalid_credentials', 'Invalid login credentials');
export const badJson = () => new AuthError(400, 'bad_json', 'Could not parse request body as JSON');
