// Small HTTP helpers shared by the REST, Auth and Functions routes.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLarge extends Error {}

/** Reads the whole body, refusing more than `limit` bytes so one client cannot exhaust memory. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks)); });
    req.on('error', (err) => { if (!failed) { failed = true; reject(err); } });
  });
}

export const CORS_EXPOSE = 'Content-Range, X-Total-Count, Link, X-Supabase-Api-Version, Content-Location, Location, Preference-Applied, Proxy-Status';

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': (req.headers.origin as string) ?? '*',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': CORS_EXPOSE,
  };
}

export function handlePreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers'];
  res.writeHead(204, {
    ...corsHeaders(req),
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
    // Echoing what the browser asks for covers every header the clients send.
    'Access-Control-Allow-Headers': typeof requested === 'string' ? requested
      : 'authorization, apikey, content-type, x-client-info, accept-profile, content-profile, prefer, range, x-retry-count, x-supabase-api-version',
    'Access-Control-Max-Age': '86400',
  });
  res.end();
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  if (res.headersSent) { res.end(); return; }
  const head = req.method === 'HEAD' || status === 204 || status === 304;
  // Content-Length, not chunked: the body is complete (see rest/response/send.ts).
  res.writeHead(status, { ...corsHeaders(req), 'Content-Type': 'application/json; charset=utf-8', ...(head ? {} : { 'Content-Length': String(Buffer.byteLength(text)) }), ...headers });
  res.end(head ? undefined : text);
}

/** Bearer token from Authorization, falling back to apikey the way Supabase's API gateway does. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m) return m[1].trim();
  }
  const apikey = req.headers.apikey;
  return typeof apikey === 'string' && apikey ? apikey : undefined;
}
