// /storage/v1/bucket: list, get, create, update, empty, delete, each run as the caller so the
// policies on storage.buckets (and storage.objects for empty/delete) decide.
import type pg from 'pg';
import { asCaller, type Caller } from './caller.ts';
import { StorageErrors } from './errors.ts';
import type { FileStore } from './files.ts';
import { mustBeValidBucketName, parseFileSizeLimit } from './limits.ts';

const BUCKET_COLUMNS = 'id, name, owner, public, type, file_size_limit, allowed_mime_types, created_at, updated_at';
const SORTABLE = new Set(['id', 'name', 'created_at', 'updated_at']);

function shape(row: any) {
  return { ...row, owner: row.owner ?? undefined, file_size_limit: row.file_size_limit === null ? null : Number(row.file_size_limit) };
}

export async function listBuckets(pool: pg.Pool, caller: Caller, q: URLSearchParams) {
  const column = SORTABLE.has(q.get('sortColumn') ?? '') ? q.get('sortColumn')! : 'name';
  const order = q.get('sortOrder') === 'desc' ? 'desc' : 'asc';
  const limit = q.has('limit') ? Math.max(0, Number(q.get('limit')) || 0) : null;
  const offset = Math.max(0, Number(q.get('offset')) || 0);
  const search = q.get('search') ?? '';
  const rows = await asCaller(pool, caller, (sql) => sql(
    `select ${BUCKET_COLUMNS} from storage.buckets where ($1 = '' or strpos(lower(name), lower($1)) > 0)
     order by ${column} ${order} limit $2 offset $3`, [search, limit, offset]));
  return rows.map(shape);
}

export async function getBucket(pool: pg.Pool, caller: Caller, id: string) {
  const rows = await asCaller(pool, caller, (sql) => sql(`select ${BUCKET_COLUMNS} from storage.buckets where id = $1`, [id]));
  if (rows.length === 0) throw StorageErrors.noSuchBucket();
  return shape(rows[0]);
}

export async function createBucket(pool: pg.Pool, caller: Caller, body: any) {
  const name = mustBeValidBucketName(body?.name);
  const id = body?.id ? mustBeValidBucketName(body.id) : name;
  const limit = parseFileSizeLimit(body?.file_size_limit);
  const mimes = Array.isArray(body?.allowed_mime_types) ? body.allowed_mime_types.filter((m: unknown) => typeof m === 'string' && m) : null;
  try {
    await asCaller(pool, caller, (sql) => sql(
      `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
       values ($1, $2, $3::uuid, $3::text, $4, $5, $6)`,
      [id, name, caller.sub, body?.public === true, limit, mimes]));
  } catch (err: any) {
    if (err?.code === 'ResourceAlreadyExists') throw StorageErrors.bucketAlreadyExists();
    throw err;
  }
  return { name };
}

export async function updateBucket(pool: pg.Pool, caller: Caller, id: string, body: any) {
  const sets: string[] = [];
  const values: unknown[] = [id];
  const set = (column: string, value: unknown) => { values.push(value); sets.push(`${column} = $${values.length}`); };
  if (typeof body?.public === 'boolean') set('public', body.public);
  if (body && 'file_size_limit' in body) set('file_size_limit', parseFileSizeLimit(body.file_size_limit));
  if (body && 'allowed_mime_types' in body) {
    set('allowed_mime_types', Array.isArray(body.allowed_mime_types) ? body.allowed_mime_types.filter((m: unknown) => typeof m === 'string' && m) : null);
  }
  set('updated_at', new Date());
  const rows = await asCaller(pool, caller, (sql) => sql(`update storage.buckets set ${sets.join(', ')} where id = $1 returning id`, values));
  if (rows.length === 0) throw StorageErrors.noSuchBucket();
  return { message: 'Successfully updated' };
}

export async function emptyBucket(pool: pg.Pool, files: FileStore, caller: Caller, id: string) {
  const ids = await asCaller(pool, caller, async (sql) => {
    if ((await sql('select 1 from storage.buckets where id = $1', [id])).length === 0) throw StorageErrors.noSuchBucket();
    return (await sql('delete from storage.objects where bucket_id = $1 returning id', [id])).map((r) => r.id as string);
  });
  await files.remove(ids);
  return { message: 'Successfully emptied' };
}

export async function deleteBucket(pool: pg.Pool, caller: Caller, id: string) {
  await asCaller(pool, caller, async (sql) => {
    // Storage counts objects with the caller's visibility too.
    if ((await sql('select 1 from storage.objects where bucket_id = $1 limit 1', [id])).length > 0) throw StorageErrors.bucketNotEmpty();
    const rows = await sql('delete from storage.buckets where id = $1 returning id', [id]);
    if (rows.length === 0) throw StorageErrors.noSuchBucket();
  });
  return { message: 'Successfully deleted' };
}
