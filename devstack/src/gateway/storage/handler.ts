// Routes of /storage/v1 that @supabase/storage-js calls, answered as Supabase Storage answers them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { BodyTooLarge, corsHeaders, readBody, sendJson } from '../http.ts';
import { asService, callerOf } from './caller.ts';
import { StorageError, StorageErrors, sendStorageError } from './errors.ts';
import { FileStore } from './files.ts';
import { readUpload } from './body.ts';
import * as buckets from './buckets.ts';
import * as objects from './objects.ts';
import * as signed from './signed.ts';
import type { StorageSettings } from './settings.ts';

export interface StorageOptions {
  pool: pg.Pool; jwtSecret: string; dir: string;
  /** config.toml's [storage] (enabled, file_size_limit); fileSizeLimit overrides the latter. */
  settings: StorageSettings; fileSizeLimit?: number;
}

export function createStorage(opts: StorageOptions) {
  const ctx: objects.StorageContext = {
    pool: opts.pool, files: new FileStore(opts.dir), jwtSecret: opts.jwtSecret, fileSizeLimit: opts.fileSizeLimit ?? opts.settings.fileSizeLimit,
  };
  return async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => {
    // Storage disabled in config.toml: the API gateway has no such route, as with `supabase start`.
    if (!opts.settings.enabled) return sendJson(req, res, 404, { message: 'no Route matched with those values' });
    try {
      await route(ctx, req, res, path, query);
    } catch (err) {
      if (err instanceof StorageError) return sendStorageError(req, res, err);
      if (err instanceof BodyTooLarge) return sendStorageError(req, res, StorageErrors.entityTooLarge());
      console.error('[storage] unexpected error', err);
      sendStorageError(req, res, new StorageError(500, 'InternalError', 'Internal Server Error', 'Internal'));
    }
  };
}

async function jsonBody(req: IncomingMessage): Promise<any> {
  const raw = await readBody(req, 1024 * 1024);
  if (raw.length === 0) return {};
  try { return JSON.parse(raw.toString('utf8')); } catch { throw StorageErrors.invalidRequest('Body is not valid JSON'); }
}

/** "bucket/a/b.txt" -> ["bucket", "a/b.txt"], URL-decoded. */
function bucketAndKey(rest: string): [string, string] {
  const i = rest.indexOf('/');
  const decode = (s: string) => { try { return decodeURIComponent(s); } catch { throw StorageErrors.invalidKey(s); } };
  return i < 0 ? [decode(rest), ''] : [decode(rest.slice(0, i)), decode(rest.slice(i + 1))];
}

const truthy = (v: unknown) => String(v ?? '').toLowerCase() === 'true';

function sendObject(req: IncomingMessage, res: ServerResponse, row: any, bytes: Buffer | null, query: URLSearchParams) {
  const m = row.metadata ?? {};
  const headers: Record<string, string> = {
    ...corsHeaders(req),
    'Content-Type': m.mimetype ?? 'application/octet-stream',
    'Content-Length': String(bytes?.length ?? m.size ?? 0),
    'Cache-Control': m.cacheControl ?? 'max-age=3600',
    'Last-Modified': new Date(m.lastModified ?? row.updated_at).toUTCString(),
  };
  if (m.eTag) headers.ETag = m.eTag;
  if (query.has('download')) {
    const name = query.get('download') || String(row.name).split('/').pop();
    headers['Content-Disposition'] = `attachment; filename=${encodeURIComponent(name!)}; filename*=UTF-8''${encodeURIComponent(name!)}`;
  }
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' || !bytes ? undefined : bytes);
}

async function serveFile(ctx: objects.StorageContext, req: IncomingMessage, res: ServerResponse, row: any, query: URLSearchParams) {
  const bytes = req.method === 'HEAD' ? null : await ctx.files.read(row.id).catch(() => { throw StorageErrors.noSuchKey(); });
  sendObject(req, res, row, bytes, query);
}

async function route(ctx: objects.StorageContext, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
  const method = req.method ?? 'GET';
  const send = (body: unknown) => sendJson(req, res, 200, body);
  const caller = () => callerOf(req, ctx.jwtSecret);

  // Buckets.
  if (path === '/bucket' || path === '/bucket/') {
    if (method === 'GET') return send(await buckets.listBuckets(ctx.pool, caller(), query));
    if (method === 'POST') return send(await buckets.createBucket(ctx.pool, caller(), await jsonBody(req)));
  }
  let m = /^\/bucket\/([^/]+)(\/empty)?$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[1]);
    if (m[2] && method === 'POST') return send(await buckets.emptyBucket(ctx.pool, ctx.files, caller(), id));
    if (!m[2] && method === 'GET') return send(await buckets.getBucket(ctx.pool, caller(), id));
    if (!m[2] && method === 'PUT') return send(await buckets.updateBucket(ctx.pool, caller(), id, await jsonBody(req)));
    if (!m[2] && method === 'DELETE') return send(await buckets.deleteBucket(ctx.pool, caller(), id));
  }

  if (!path.startsWith('/object/')) throw StorageErrors.notFound();
  const rest = path.slice('/object/'.length);

  // Fixed object routes first, as Storage registers them.
  if (method === 'POST' && rest === 'move') return send(await objects.move(ctx, caller(), await jsonBody(req)));
  if (method === 'POST' && rest === 'copy') return send(await objects.copy(ctx, caller(), await jsonBody(req), truthy(req.headers['x-upsert'])));
  if (method === 'POST' && rest.startsWith('list/')) {
    return send(await objects.list(ctx, caller(), bucketAndKey(rest.slice('list/'.length))[0], await jsonBody(req)));
  }
  if (rest.startsWith('upload/sign/')) {
    const [bucketId, name] = bucketAndKey(rest.slice('upload/sign/'.length));
    if (method === 'POST') return send(await signed.signUpload(ctx, caller(), bucketId, name, truthy(req.headers['x-upsert'])));
    if (method === 'PUT') {
      const claims = signed.verifyUpload(ctx, query.get('token'), bucketId, name);
      const body = await readUpload(req, ctx.fileSizeLimit);
      const owner = typeof claims.owner === 'string' ? claims.owner : null;
      // The token stands for the caller who was allowed to insert: the row is written by Storage itself.
      await objects.storeObject(ctx, (fn) => asService(ctx.pool, fn), bucketId, name, body, claims.upsert === true, owner);
      return send({ Key: `${bucketId}/${name}` });
    }
  }
  if (rest.startsWith('sign/')) {
    const [bucketId, name] = bucketAndKey(rest.slice('sign/'.length));
    if (method === 'POST' && name === '') return send(await signed.signDownloads(ctx, caller(), bucketId, await jsonBody(req)));
    if (method === 'POST') return send(await signed.signDownload(ctx, caller(), bucketId, name, await jsonBody(req)));
    if (method === 'GET' || method === 'HEAD') {
      signed.verifyDownload(ctx, query.get('token'), bucketId, name);
      const row = await asService(ctx.pool, (sql) => objects.findObject(sql, bucketId, name));
      return serveFile(ctx, req, res, row, query);
    }
  }
  if ((method === 'GET' || method === 'HEAD') && rest.startsWith('public/')) {
    const [bucketId, name] = bucketAndKey(rest.slice('public/'.length));
    return serveFile(ctx, req, res, await objects.publicObject(ctx, bucketId, name), query);
  }
  if (method === 'GET' && rest.startsWith('info/')) {
    const target = rest.slice('info/'.length).replace(/^(authenticated|public)\//, '');
    const [bucketId, name] = bucketAndKey(target);
    return send(objects.info(await objects.objectInfo(ctx, caller(), bucketId, name)));
  }
  if (method === 'GET' || method === 'HEAD') {
    const [bucketId, name] = bucketAndKey(rest.replace(/^authenticated\//, ''));
    return serveFile(ctx, req, res, await objects.objectAsCaller(ctx, caller(), bucketId, name), query);
  }

  const [bucketId, name] = bucketAndKey(rest);
  if (method === 'POST' || method === 'PUT') {
    const who = caller();
    const body = await readUpload(req, ctx.fileSizeLimit);
    // POST honours x-upsert; PUT (update) replaces, as Storage's update route upserts.
    return send(await objects.upload(ctx, who, bucketId, name, body, method === 'PUT' || truthy(req.headers['x-upsert'])));
  }
  if (method === 'DELETE' && name === '') return send(await objects.remove(ctx, caller(), bucketId, (await jsonBody(req)).prefixes));
  if (method === 'DELETE') {
    const rows = await objects.remove(ctx, caller(), bucketId, [name]);
    if (rows.length === 0) throw StorageErrors.noSuchKey();
    return send({ message: 'Successfully deleted' });
  }
  throw StorageErrors.notFound();
}
