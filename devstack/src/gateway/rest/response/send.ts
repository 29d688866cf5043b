// Writing an answer: status, CORS and the stage's headers, and no body for HEAD.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { corsHeaders, sendJson } from '../../http.ts';
import type { ApiError } from '../errors.ts';

export function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer | null): void {
  res.writeHead(status, Object.assign(corsHeaders(req), headers));
  res.end(req.method === 'HEAD' || body === null ? undefined : body);
}

/** A PostgREST error body, with PostgREST's Proxy-Status header. */
export function sendApiError(req: IncomingMessage, res: ServerResponse, err: ApiError): void {
  sendJson(req, res, err.status, err.body(), { 'Proxy-Status': `PostgREST; error=${err.code}`, ...err.headers });
}
