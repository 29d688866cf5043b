// Writing an answer: status, CORS and the stage's headers, and no body for HEAD.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { corsHeaders, sendJson } from '../../http.ts';
import type { ApiError } from '../errors.ts';

/**
 * With a body, Content-Length is set: after writeHead Node cannot add it itself and would send the body
 * chunked (more framing to write and for the client to parse, for a body that is complete already).
 */
export function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer | null): void {
  const all = Object.assign(corsHeaders(req), headers);
  const sent = req.method === 'HEAD' || body === null || status === 204 || status === 304 ? undefined : body;
  if (sent !== undefined) all['Content-Length'] = String(Buffer.byteLength(sent));
  res.writeHead(status, all);
  res.end(sent);
}

/** A PostgREST error body, with PostgREST's Proxy-Status header. */
export function sendApiError(req: IncomingMessage, res: ServerResponse, err: ApiError): void {
  sendJson(req, res, err.status, err.body(), { 'Proxy-Status': `PostgREST; error=${err.code}`, ...err.headers });
}
