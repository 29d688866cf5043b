// The devstack stand-in for the audit chain's external head sink (issue 12 §3): pg_net posts the
// chain's head here on a schedule; the console reads the last one back and asks the database to
// compare. Heads are appended to a file under the devstack directory and never rewritten; the
// database reaches this file only through HTTP. (Production uses a store outside the database
// host, e.g. a bucket with object lock: see docs/audit.md.)
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, readBody, sendJson } from './http.ts';

export interface PublishedHead { seq: number; hash: string; log_id?: number; published_at?: string; received_at: string }

const MAX_HEAD_BYTES = 4096;

/** Every head ever received, in arrival order. */
export function readHeads(file: string): PublishedHead[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap((line) => {
    try { return [JSON.parse(line) as PublishedHead]; } catch { return []; }
  });
}

/**
 * The head to compare with: the highest seq ever published (a later, lower head cannot hide a
 * cut), and for that seq the first hash received (a rewritten tail republished later cannot
 * replace it).
 */
export function latestHead(heads: PublishedHead[]): PublishedHead | null {
  let best: PublishedHead | null = null;
  for (const h of heads) if (!best || h.seq > best.seq) best = h;
  return best;
}

export async function handleAuditSink(
  req: IncomingMessage, res: ServerResponse, subpath: string, opts: { file: string; serviceRoleKey: string },
): Promise<void> {
  if (req.method === 'POST' && subpath === '') {
    // Only the database (through pg_net, with the service key) publishes.
    if (bearerToken(req) !== opts.serviceRoleKey) return sendJson(req, res, 401, { message: 'the service role key is required' });
    let head: Partial<PublishedHead>;
    try { head = JSON.parse((await readBody(req, MAX_HEAD_BYTES)).toString('utf8')); } catch {
      return sendJson(req, res, 400, { message: 'the body is one JSON head {seq, hash}' });
    }
    if (!Number.isSafeInteger(head.seq) || (head.seq as number) < 1 || typeof head.hash !== 'string' || !/^[0-9a-f]{64}$/.test(head.hash)) {
      return sendJson(req, res, 400, { message: 'a head is {seq: positive integer, hash: 64 hex digits}' });
    }
    const entry: PublishedHead = {
      seq: head.seq as number, hash: head.hash, log_id: head.log_id, published_at: head.published_at, received_at: new Date().toISOString(),
    };
    fs.mkdirSync(path.dirname(opts.file), { recursive: true });
    fs.appendFileSync(opts.file, JSON.stringify(entry) + '\n', { mode: 0o600 });
    return sendJson(req, res, 201, entry);
  }
  if (req.method === 'GET' && subpath === '/latest') {
    const head = latestHead(readHeads(opts.file));
    return head ? sendJson(req, res, 200, head) : sendJson(req, res, 404, { message: 'no head has been published yet' });
  }
  sendJson(req, res, 405, { message: 'POST a head, or GET /latest' });
}
