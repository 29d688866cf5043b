// Signed URLs: a JWT signed with the project's secret naming one object ("bucket/name") and what it
// allows (download or upload), with the expiry the client asked for. Creating one needs the caller
// to see the object (download) or be allowed to insert it (upload); using one needs only the token.
import { signJwt, verifyJwt } from '../jwt.ts';
import { asCaller, type Caller } from './caller.ts';
import { StorageErrors } from './errors.ts';
import { findBucket, findObject, type StorageContext } from './objects.ts';
import { mustBeValidKey } from './limits.ts';

const DOWNLOAD = 'download';
const UPLOAD = 'upload';
/** Storage's signed upload URLs last two hours. */
const UPLOAD_EXPIRY_SECONDS = 2 * 60 * 60;

function expiresInOf(body: any): number {
  const n = Number(body?.expiresIn);
  if (!Number.isInteger(n) || n < 1) throw StorageErrors.invalidRequest('body/expiresIn must be >= 1');
  return n;
}

function token(ctx: StorageContext, claims: Record<string, unknown>, seconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ ...claims, iat: now, exp: now + seconds }, ctx.jwtSecret);
}

export async function signDownload(ctx: StorageContext, caller: Caller, bucketId: string, name: string, body: any) {
  const seconds = expiresInOf(body);
  await asCaller(ctx.pool, caller, (sql) => findObject(sql, bucketId, name));
  const url = `${bucketId}/${name}`;
  return { signedURL: `/object/sign/${url}?token=${token(ctx, { url, scope: DOWNLOAD }, seconds)}` };
}

export async function signDownloads(ctx: StorageContext, caller: Caller, bucketId: string, body: any) {
  const seconds = expiresInOf(body);
  const paths = body?.paths;
  if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) throw StorageErrors.invalidRequest('body/paths must be an array of strings');
  const visible = new Set(await asCaller(ctx.pool, caller, async (sql) =>
    (await sql('select name from storage.objects where bucket_id = $1 and name = any($2::text[])', [bucketId, paths])).map((r) => r.name as string)));
  return paths.map((path: string) => {
    if (!visible.has(path)) return { error: 'Either the object does not exist or you do not have access to it', path, signedURL: null };
    const url = `${bucketId}/${path}`;
    return { error: null, path, signedURL: `/object/sign/${url}?token=${token(ctx, { url, scope: DOWNLOAD }, seconds)}` };
  });
}

/** Checks a signed URL's token for this object and scope; returns its claims. */
export function verifySigned(ctx: StorageContext, tokenText: string | null, bucketId: string, name: string, scope: string) {
  if (!tokenText) throw StorageErrors.invalidRequest('querystring must have required property \'token\'');
  const result = verifyJwt(tokenText, ctx.jwtSecret);
  if (!result.ok) {
    if (result.reason === 'expired') throw StorageErrors.invalidJwt('jwt expired');
    throw StorageErrors.invalidJwt(result.reason === 'signature' ? 'invalid signature' : 'jwt malformed');
  }
  if (result.claims.scope !== scope) throw StorageErrors.invalidSignature(`Token is not scoped for ${scope}`);
  if (result.claims.url !== `${bucketId}/${name}`) throw StorageErrors.invalidSignature();
  return result.claims;
}

export function verifyDownload(ctx: StorageContext, tokenText: string | null, bucketId: string, name: string) {
  return verifySigned(ctx, tokenText, bucketId, name, DOWNLOAD);
}

export function verifyUpload(ctx: StorageContext, tokenText: string | null, bucketId: string, name: string) {
  return verifySigned(ctx, tokenText, bucketId, name, UPLOAD);
}

/** A signed upload URL: only for a caller the policies allow to insert the object (tested, then rolled back). */
export async function signUpload(ctx: StorageContext, caller: Caller, bucketId: string, name: string, upsert: boolean) {
  mustBeValidKey(name);
  await findBucket(ctx, bucketId);
  await asCaller(ctx.pool, caller, async (sql) => {
    await sql('savepoint probe');
    await sql(`insert into storage.objects (bucket_id, name, owner, owner_id) values ($1, $2, $3::uuid, $3::text)${upsert ? ' on conflict (bucket_id, name) do update set name = excluded.name' : ''}`, [bucketId, name, caller.sub]);
    await sql('rollback to savepoint probe');
  });
  const url = `${bucketId}/${name}`;
  const t = token(ctx, { url, owner: caller.sub, upsert, scope: UPLOAD }, UPLOAD_EXPIRY_SECONDS);
  return { url: `/object/upload/sign/${url}?token=${t}`, token: t };
}
