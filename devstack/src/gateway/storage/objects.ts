// /storage/v1/object: upload (x-upsert), update, download, info, list, move, copy, remove. Every
// statement on storage.objects runs as the caller, so the project's RLS policies decide; bucket
// limits are read by Storage itself (no policy needed to learn a bucket's size limit).
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { asCaller, asService, type Caller, type Sql } from './caller.ts';
import { StorageErrors } from './errors.ts';
import type { FileStore } from './files.ts';
import { checkUpload, mustBeValidKey } from './limits.ts';
import type { Upload } from './body.ts';

export interface StorageContext { pool: pg.Pool; files: FileStore; jwtSecret: string; fileSizeLimit: number }

export interface BucketRow { id: string; public: boolean; file_size_limit: string | null; allowed_mime_types: string[] | null }

export async function findBucket(ctx: StorageContext, id: string): Promise<BucketRow> {
  const rows = await asService(ctx.pool, (sql) => sql('select id, public, file_size_limit, allowed_mime_types from storage.buckets where id = $1', [id]));
  if (rows.length === 0) throw StorageErrors.noSuchBucket();
  return rows[0];
}

function objectMetadata(u: Upload) {
  return {
    eTag: `"${createHash('md5').update(u.bytes).digest('hex')}"`, size: u.bytes.length, mimetype: u.mimetype,
    cacheControl: `max-age=${u.cacheControl}`, lastModified: new Date().toISOString(), contentLength: u.bytes.length, httpStatusCode: 200,
  };
}

/** Writes the object row (as `run` decides: caller or signed-URL owner) and then its bytes. */
export async function storeObject(
  ctx: StorageContext, run: <T>(fn: (sql: Sql) => Promise<T>) => Promise<T>,
  bucketId: string, name: string, upload: Upload, upsert: boolean, owner: string | null,
): Promise<string> {
  mustBeValidKey(name);
  const bucket = await findBucket(ctx, bucketId);
  checkUpload(upload.bytes.length, upload.mimetype, bucket, ctx.fileSizeLimit);
  const staged = await ctx.files.stage(upload.bytes);
  try {
    const id = await run(async (sql) => {
      const values = [bucketId, name, owner, JSON.stringify(objectMetadata(upload)), upload.userMetadata === null ? null : JSON.stringify(upload.userMetadata)];
      const insert = `insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata) values ($1, $2, $3::uuid, $3::text, $4, $5)`;
      const rows = upsert
        ? await sql(`${insert} on conflict (bucket_id, name) do update set metadata = excluded.metadata, user_metadata = excluded.user_metadata,
            owner = excluded.owner, owner_id = excluded.owner_id, last_accessed_at = now() returning id`, values)
        : await sql(`${insert} returning id`, values);
      return rows[0].id as string;
    });
    await staged.commit(id);
    return id;
  } catch (err) {
    await staged.discard();
    throw err;
  }
}

export async function upload(ctx: StorageContext, caller: Caller, bucketId: string, name: string, body: Upload, upsert: boolean) {
  const id = await storeObject(ctx, (fn) => asCaller(ctx.pool, caller, fn), bucketId, name, body, upsert, caller.sub);
  return { Id: id, Key: `${bucketId}/${name}` };
}

/** The object's row as the caller sees it (404 when a policy hides it, as Storage answers). */
export async function findObject(sql: Sql, bucketId: string, name: string) {
  const rows = await sql('select id, name, bucket_id, owner, metadata, user_metadata, version, created_at, updated_at, last_accessed_at from storage.objects where bucket_id = $1 and name = $2', [bucketId, name]);
  if (rows.length === 0) throw StorageErrors.noSuchKey();
  return rows[0];
}

export async function objectAsCaller(ctx: StorageContext, caller: Caller, bucketId: string, name: string) {
  return asCaller(ctx.pool, caller, (sql) => findObject(sql, bucketId, name));
}

/** Info: Storage reads objects of a public bucket itself, others as the caller. */
export async function objectInfo(ctx: StorageContext, caller: Caller, bucketId: string, name: string) {
  const bucket = await findBucket(ctx, bucketId).catch(() => null);
  if (bucket?.public) return asService(ctx.pool, (sql) => findObject(sql, bucketId, name));
  return objectAsCaller(ctx, caller, bucketId, name);
}

export async function publicObject(ctx: StorageContext, bucketId: string, name: string) {
  const bucket = await findBucket(ctx, bucketId).catch(() => null);
  if (!bucket || !bucket.public) throw StorageErrors.noSuchBucket();
  return asService(ctx.pool, (sql) => findObject(sql, bucketId, name));
}

export function info(row: any) {
  const m = row.metadata ?? {};
  return {
    id: row.id, name: row.name, version: row.version, bucket_id: row.bucket_id, size: m.size ?? null,
    content_type: m.mimetype ?? null, cache_control: m.cacheControl ?? null, etag: m.eTag ?? null,
    metadata: row.user_metadata ?? null, last_modified: row.updated_at, created_at: row.created_at,
  };
}

const LIST_SORT = new Set(['name', 'updated_at', 'created_at', 'last_accessed_at']);

/**
 * One level of a bucket, as Storage's search answers: folders (id null) and files directly under
 * `prefix`, names relative to it, filtered by `search` (a case-insensitive start of the name).
 */
export async function list(ctx: StorageContext, caller: Caller, bucketId: string, body: any) {
  let prefix = typeof body?.prefix === 'string' ? body.prefix : '';
  if (prefix && !prefix.endsWith('/')) prefix += '/';
  const search = typeof body?.search === 'string' ? body.search : '';
  const limit = Math.min(Math.max(1, Number(body?.limit) || 100), 1500);
  const offset = Math.max(0, Number(body?.offset) || 0);
  const column = LIST_SORT.has(body?.sortBy?.column) ? body.sortBy.column : 'name';
  const order = String(body?.sortBy?.order ?? 'asc').toLowerCase() === 'desc' ? 'desc' : 'asc';
  const level = prefix.split('/').length; // 'a/' -> 2: entries are path_tokens[2]
  // Folders come first unless sorting by name, where both interleave by name.
  const sortKey = column === 'name' ? 'name' : `kind, ${column}`;
  return asCaller(ctx.pool, caller, (sql) => sql(
    `with under as (
       select * from storage.objects
       where bucket_id = $1 and left(lower(name), length($2)) = lower($2)
         and left(lower(coalesce(path_tokens[$3], '')), length($4)) = lower($4) and cardinality(path_tokens) >= $3
     ), entries as (
       select distinct on (path_tokens[$3]) 0 as kind, path_tokens[$3] as name, null::uuid as id, null::timestamptz as updated_at,
              null::timestamptz as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata
       from under where cardinality(path_tokens) > $3
       union all
       select 1, path_tokens[$3], id, updated_at, created_at, last_accessed_at, metadata from under where cardinality(path_tokens) = $3
     )
     select name, id, updated_at, created_at, last_accessed_at, metadata from entries
     order by ${sortKey} ${order}, name ${order} limit $5 offset $6`,
    [bucketId, prefix, level, search, limit, offset]));
}

export async function move(ctx: StorageContext, caller: Caller, body: any) {
  const { bucketId, sourceKey, destinationKey } = body ?? {};
  const destBucket = body?.destinationBucket || bucketId;
  if (typeof bucketId !== 'string' || typeof sourceKey !== 'string' || typeof destinationKey !== 'string') {
    throw StorageErrors.invalidRequest('body must have required property bucketId, sourceKey and destinationKey');
  }
  mustBeValidKey(destinationKey);
  if (destBucket !== bucketId) await findBucket(ctx, destBucket);
  await asCaller(ctx.pool, caller, async (sql) => {
    const source = await findObject(sql, bucketId, sourceKey);
    const rows = await sql('update storage.objects set bucket_id = $2, name = $3 where id = $1 returning id', [source.id, destBucket, destinationKey]);
    if (rows.length === 0) throw StorageErrors.rlsDenied();
  });
  return { message: 'Successfully moved' };
}

export async function copy(ctx: StorageContext, caller: Caller, body: any, upsert: boolean) {
  const { bucketId, sourceKey, destinationKey } = body ?? {};
  const destBucket = body?.destinationBucket || bucketId;
  if (typeof bucketId !== 'string' || typeof sourceKey !== 'string' || typeof destinationKey !== 'string') {
    throw StorageErrors.invalidRequest('body must have required property bucketId, sourceKey and destinationKey');
  }
  mustBeValidKey(destinationKey);
  if (destBucket !== bucketId) await findBucket(ctx, destBucket);
  const { sourceId, newId } = await asCaller(ctx.pool, caller, async (sql) => {
    const source = await findObject(sql, bucketId, sourceKey);
    const values = [destBucket, destinationKey, caller.sub, source.metadata, source.user_metadata];
    const insert = 'insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata) values ($1, $2, $3::uuid, $3::text, $4, $5)';
    const rows = await sql(upsert ? `${insert} on conflict (bucket_id, name) do update set metadata = excluded.metadata, user_metadata = excluded.user_metadata returning id` : `${insert} returning id`, values);
    return { sourceId: source.id as string, newId: rows[0].id as string };
  });
  await ctx.files.copy(sourceId, newId);
  return { Id: newId, Key: `${destBucket}/${destinationKey}` };
}

export async function remove(ctx: StorageContext, caller: Caller, bucketId: string, names: unknown) {
  if (!Array.isArray(names) || names.length === 0 || names.length > 1000 || names.some((n) => typeof n !== 'string')) {
    throw StorageErrors.invalidRequest('body/prefixes must be an array of 1 to 1000 object names');
  }
  const rows = await asCaller(ctx.pool, caller, (sql) => sql(
    'delete from storage.objects where bucket_id = $1 and name = any($2::text[]) returning id, name, bucket_id, owner, owner_id, metadata, user_metadata, version, created_at, updated_at, last_accessed_at',
    [bucketId, names]));
  await ctx.files.remove(rows.map((r) => r.id));
  return rows;
}
