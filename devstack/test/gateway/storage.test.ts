// /storage/v1 through the real supabase-js: buckets, uploads with upsert, downloads, public and
// signed URLs, limits, list/move/copy/remove, with access decided by RLS policies on storage.objects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY, asUser, startTestGateway, supabase, withDb } from './helpers.ts';
import { signJwt, verifyJwt } from '../../src/gateway/jwt.ts';
import { createServer } from 'node:http';
import { writeFileSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createStorage } from '../../src/gateway/storage/handler.ts';
import { loadStorageSettings, parseSizeSetting } from '../../src/gateway/storage/settings.ts';
import { repoRoot } from './helpers.ts';

let gw: { url: string; close(): Promise<void> };
let service: SupabaseClient<any, any, any>;
let storageDir: string;
const sfx = randomUUID().slice(0, 8);
const PRIVATE = `docs-${sfx}`;
const PUBLIC = `pub-${sfx}`;
const LIMITED = `img-${sfx}`;

/** A signed-in user: a GoTrue-shaped access token for a fresh uid. */
function user(role = 'authenticated') {
  const id = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const token = signJwt({ sub: id, role, aud: 'authenticated', iat: now, exp: now + 3600 }, DEMO_JWT_SECRET);
  return { id, client: asUser(gw.url, token) };
}

const text = (s: string) => new Blob([s], { type: 'text/plain' });

beforeAll(async () => {
  storageDir = mkdtempSync(join(tmpdir(), 'devstack-storage-'));
  gw = await startTestGateway({ storageDir });
  service = supabase(gw.url, DEMO_SERVICE_ROLE_KEY);
  // The policy Supabase's guides use: each user owns the folder named after their uid.
  await withDb((db) => db.query(`
    create policy "own folder read ${sfx}" on storage.objects for select to authenticated
      using (bucket_id = '${PRIVATE}' and (storage.foldername(name))[1] = auth.uid()::text);
    create policy "own folder write ${sfx}" on storage.objects for insert to authenticated
      with check (bucket_id = '${PRIVATE}' and (storage.foldername(name))[1] = auth.uid()::text);
    create policy "own folder update ${sfx}" on storage.objects for update to authenticated
      using (bucket_id = '${PRIVATE}' and (storage.foldername(name))[1] = auth.uid()::text);
    create policy "own folder delete ${sfx}" on storage.objects for delete to authenticated
      using (bucket_id = '${PRIVATE}' and (storage.foldername(name))[1] = auth.uid()::text);`));
  for (const [id, options] of [
    [PRIVATE, { public: false }],
    [PUBLIC, { public: true }],
    [LIMITED, { public: false, fileSizeLimit: 10, allowedMimeTypes: ['image/*'] }],
  ] as const) {
    const { error } = await service.storage.createBucket(id, options as any);
    expect(error).toBeNull();
  }
});

afterAll(async () => {
  await gw?.close();
  if (storageDir) rmSync(storageDir, { recursive: true, force: true });
});

describe('buckets', () => {
  it('are created, read, listed, updated and deleted by the service role', async () => {
    const id = `tmp-${sfx}`;
    expect((await service.storage.createBucket(id, { public: false, fileSizeLimit: '1MB' })).data).toEqual({ name: id });
    const got = await service.storage.getBucket(id);
    expect(got.data).toMatchObject({ id, name: id, public: false, file_size_limit: 1_000_000, allowed_mime_types: null });
    const listed = await service.storage.listBuckets();
    expect(listed.data!.map((b) => b.id)).toEqual(expect.arrayContaining([id, PRIVATE, PUBLIC]));
    expect((await service.storage.updateBucket(id, { public: true, allowedMimeTypes: ['text/plain'] })).data).toEqual({ message: 'Successfully updated' });
    expect((await service.storage.getBucket(id)).data).toMatchObject({ public: true, allowed_mime_types: ['text/plain'] });
    expect((await service.storage.deleteBucket(id)).data).toEqual({ message: 'Successfully deleted' });
    const gone = await service.storage.getBucket(id);
    expect(gone.error).toMatchObject({ status: 400, statusCode: '404', message: 'Bucket not found' });
  });

  it('answers a duplicate with 409 and a non-empty delete with 409 until emptied', async () => {
    const dup = await service.storage.createBucket(PRIVATE);
    expect(dup.error).toMatchObject({ statusCode: '409', message: 'The resource already exists' });
    const id = `full-${sfx}`;
    await service.storage.createBucket(id);
    expect((await service.storage.from(id).upload('a.txt', text('a'))).error).toBeNull();
    const refused = await service.storage.deleteBucket(id);
    expect(refused.error).toMatchObject({ statusCode: '409', message: 'The bucket you tried to delete is not empty' });
    expect((await service.storage.emptyBucket(id)).error).toBeNull();
    expect((await service.storage.deleteBucket(id)).error).toBeNull();
  });

  it('are refused to a user when no policy on storage.buckets allows it', async () => {
    const { client } = user();
    const res = await client.storage.createBucket(`mine-${sfx}`);
    expect(res.error).toMatchObject({ statusCode: '403', message: 'new row violates row-level security policy' });
    expect((await client.storage.listBuckets()).data).toEqual([]);
  });

  it('refuses invalid names and requests without a valid token', async () => {
    const bad = await service.storage.createBucket('no/slash');
    expect(bad.error).toMatchObject({ statusCode: '400', message: 'Bucket name invalid' });
    const res = await fetch(`${gw.url}/storage/v1/bucket`, { headers: { Authorization: 'Bearer not-a-jwt' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: '403', error: 'Unauthorized', message: 'jwt malformed' });
  });
});

describe('a private bucket with an owner policy', () => {
  it('lets the owner upload and download, and refuses another user', async () => {
    const owner = user();
    const other = user();
    const path = `${owner.id}/report.txt`;
    const up = await owner.client.storage.from(PRIVATE).upload(path, text('owner data'));
    expect(up.error).toBeNull();
    expect(up.data).toMatchObject({ path, fullPath: `${PRIVATE}/${path}` });
    const down = await owner.client.storage.from(PRIVATE).download(path);
    expect(await down.data!.text()).toBe('owner data');
    expect(down.data!.type).toBe('text/plain');

    const theirs = await other.client.storage.from(PRIVATE).download(path);
    expect(theirs.data).toBeNull();
    expect(theirs.error).toMatchObject({ status: 400, statusCode: '404', message: 'Object not found' });
    const intrude = await other.client.storage.from(PRIVATE).upload(path, text('x'), { upsert: true });
    expect(intrude.error).toMatchObject({ statusCode: '403', message: 'new row violates row-level security policy' });
    const elsewhere = await other.client.storage.from(PRIVATE).upload(`${owner.id}/planted.txt`, text('x'));
    expect(elsewhere.error).toMatchObject({ statusCode: '403' });
    expect((await other.client.storage.from(PRIVATE).list(owner.id)).data).toEqual([]);
    expect((await other.client.storage.from(PRIVATE).remove([path])).data).toEqual([]);
    // The refused attempts changed nothing.
    expect(await (await owner.client.storage.from(PRIVATE).download(path)).data!.text()).toBe('owner data');
    const anon = supabase(gw.url).storage.from(PRIVATE);
    expect((await anon.download(path)).error).toMatchObject({ status: 400 });
  });

  it('runs an HQ staff token (role hq_staff, a member of authenticated) under the authenticated policies', async () => {
    const staff = user('hq_staff');
    const path = `${staff.id}/notes.txt`;
    expect((await staff.client.storage.from(PRIVATE).upload(path, text('staff data'))).error).toBeNull();
    expect(await (await staff.client.storage.from(PRIVATE).download(path)).data!.text()).toBe('staff data');
  });

  it('refuses a second upload to the same name unless upsert is set; update replaces', async () => {
    const owner = user();
    const bucket = owner.client.storage.from(PRIVATE);
    const path = `${owner.id}/notes.txt`;
    expect((await bucket.upload(path, text('v1'))).error).toBeNull();
    const again = await bucket.upload(path, text('v2'));
    expect(again.error).toMatchObject({ statusCode: '409', message: 'The resource already exists' });
    expect(await (await bucket.download(path)).data!.text()).toBe('v1');
    expect((await bucket.upload(path, text('v2'), { upsert: true })).error).toBeNull();
    expect(await (await bucket.download(path)).data!.text()).toBe('v2');
    expect((await bucket.update(path, Buffer.from('v3'), { contentType: 'text/markdown' })).error).toBeNull();
    const v3 = await bucket.download(path);
    expect(await v3.data!.text()).toBe('v3');
    expect(v3.data!.type).toBe('text/markdown');
    expect((await bucket.info(path)).data).toMatchObject({ name: path, bucketId: PRIVATE, size: 2, contentType: 'text/markdown' });
    expect((await user().client.storage.from(PRIVATE).info(path)).error).toMatchObject({ statusCode: '404' });
    expect((await bucket.exists(path)).data).toBe(true);
    expect((await bucket.exists(`${owner.id}/nothing.txt`)).data).toBe(false);
  });

  it('keeps names with spaces and refuses the characters Storage refuses', async () => {
    const owner = user();
    const bucket = owner.client.storage.from(PRIVATE);
    const spaced = `${owner.id}/Q1 report (final).txt`;
    expect((await bucket.upload(spaced, text('q1'))).error).toBeNull();
    expect(await (await bucket.download(spaced)).data!.text()).toBe('q1');
    expect((await bucket.list(owner.id)).data!.map((e) => e.name)).toEqual(['Q1 report (final).txt']);
    const arabic = await bucket.upload(`${owner.id}/تقرير.txt`, text('x'));
    expect(arabic.error).toMatchObject({ statusCode: '400', message: `Invalid key: ${owner.id}/تقرير.txt` });
  });

  it('lists one level with limit, offset, search and sort; moves, copies and removes', async () => {
    const owner = user();
    const bucket = owner.client.storage.from(PRIVATE);
    for (const name of ['b.txt', 'a.txt', 'sub/c.txt', 'sub/deep/d.txt']) {
      expect((await bucket.upload(`${owner.id}/${name}`, text(name))).error).toBeNull();
    }
    const names = async (options: any = {}, prefix = owner.id) => (await bucket.list(prefix, options)).data!.map((e) => e.name);
    expect(await names()).toEqual(['a.txt', 'b.txt', 'sub']);
    const all = (await bucket.list(owner.id)).data!;
    expect(all.find((e) => e.name === 'sub')).toMatchObject({ id: null, metadata: null });
    expect(all.find((e) => e.name === 'a.txt')!.metadata).toMatchObject({ size: 5, mimetype: 'text/plain' });
    expect(await names({ limit: 1, offset: 1 })).toEqual(['b.txt']);
    expect(await names({ search: 'B' })).toEqual(['b.txt']);
    expect(await names({ sortBy: { column: 'name', order: 'desc' } })).toEqual(['sub', 'b.txt', 'a.txt']);
    expect(await names({}, `${owner.id}/sub`)).toEqual(['c.txt', 'deep']);

    expect((await bucket.move(`${owner.id}/a.txt`, `${owner.id}/moved.txt`)).data).toEqual({ message: 'Successfully moved' });
    expect(await (await bucket.download(`${owner.id}/moved.txt`)).data!.text()).toBe('a.txt');
    expect((await bucket.download(`${owner.id}/a.txt`)).error).not.toBeNull();
    const copied = await bucket.copy(`${owner.id}/b.txt`, `${owner.id}/copy.txt`);
    expect(copied.data).toEqual({ path: `${PRIVATE}/${owner.id}/copy.txt` });
    expect(await (await bucket.download(`${owner.id}/copy.txt`)).data!.text()).toBe('b.txt');
    expect(await names()).toEqual(['b.txt', 'copy.txt', 'moved.txt', 'sub']);

    // Moving out of one's own folder breaks the policy's check: refused, nothing moves.
    const other = user();
    const out = await bucket.move(`${owner.id}/b.txt`, `${other.id}/stolen.txt`);
    expect(out.error).toMatchObject({ statusCode: '403' });
    const missing = await bucket.move(`${owner.id}/none.txt`, `${owner.id}/x.txt`);
    expect(missing.error).toMatchObject({ statusCode: '404', message: 'Object not found' });

    const removed = await bucket.remove([`${owner.id}/copy.txt`, `${owner.id}/moved.txt`, `${owner.id}/never.txt`]);
    expect(removed.data!.map((r) => r.name).sort()).toEqual([`${owner.id}/copy.txt`, `${owner.id}/moved.txt`]);
    expect(await names()).toEqual(['b.txt', 'sub']);
  });
});

describe('public buckets and signed URLs', () => {
  it('serves a public bucket at its public URL without any key; a private bucket refuses it', async () => {
    expect((await service.storage.from(PUBLIC).upload('logo.svg', new Blob(['<svg/>'], { type: 'image/svg+xml' }))).error).toBeNull();
    const { publicUrl } = service.storage.from(PUBLIC).getPublicUrl('logo.svg').data;
    const res = await fetch(publicUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toBe('<svg/>');
    const dl = await fetch(service.storage.from(PUBLIC).getPublicUrl('logo.svg', { download: true }).data.publicUrl);
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename=logo\.svg/);

    const owner = user();
    await owner.client.storage.from(PRIVATE).upload(`${owner.id}/secret.txt`, text('s'));
    const priv = await fetch(owner.client.storage.from(PRIVATE).getPublicUrl(`${owner.id}/secret.txt`).data.publicUrl);
    expect(priv.status).toBe(400);
    expect(await priv.json()).toMatchObject({ statusCode: '404', error: 'Bucket not found', message: 'Bucket not found' });
  });

  it('signs a download for who can read the object; the URL works alone, for that object, until it expires', async () => {
    const owner = user();
    const other = user();
    const bucket = owner.client.storage.from(PRIVATE);
    await bucket.upload(`${owner.id}/a.txt`, text('signed a'));
    await bucket.upload(`${owner.id}/b.txt`, text('signed b'));
    const signedUrl = (await bucket.createSignedUrl(`${owner.id}/a.txt`, 60)).data!.signedUrl;
    const res = await fetch(signedUrl);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('signed a');

    // Another user cannot sign what they cannot read.
    const refused = await other.client.storage.from(PRIVATE).createSignedUrl(`${owner.id}/a.txt`, 60);
    expect(refused.error).toMatchObject({ statusCode: '404', message: 'Object not found' });
    const many = await bucket.createSignedUrls([`${owner.id}/a.txt`, `${owner.id}/none.txt`], 60);
    expect(many.data![0].signedUrl).toMatch(/\/object\/sign\//);
    expect(many.data![1]).toMatchObject({ signedUrl: null, error: 'Either the object does not exist or you do not have access to it' });

    // The token names one object: it does not open another.
    const token = new URL(signedUrl).searchParams.get('token')!;
    // It expires when asked (expiresIn seconds after it was issued).
    const claims = (verifyJwt(token, DEMO_JWT_SECRET) as { claims: { iat: number; exp: number; url: string } }).claims;
    expect([claims.exp - claims.iat, claims.url]).toEqual([60, `${PRIVATE}/${owner.id}/a.txt`]);
    const swapped = await fetch(`${gw.url}/storage/v1/object/sign/${PRIVATE}/${owner.id}/b.txt?token=${token}`);
    expect(await swapped.json()).toMatchObject({ statusCode: '400', error: 'InvalidSignature' });
    // An access token is not a signed URL.
    const accessToken = signJwt({ sub: owner.id, role: 'authenticated', exp: Math.floor(Date.now() / 1000) + 60 }, DEMO_JWT_SECRET);
    const notSigned = await fetch(`${gw.url}/storage/v1/object/sign/${PRIVATE}/${owner.id}/a.txt?token=${accessToken}`);
    expect(notSigned.status).toBe(400);
    // Past its expiry the same kind of token is refused.
    const now = Math.floor(Date.now() / 1000);
    const expired = signJwt({ url: `${PRIVATE}/${owner.id}/a.txt`, scope: 'download', iat: now - 120, exp: now - 60 }, DEMO_JWT_SECRET);
    const late = await fetch(`${gw.url}/storage/v1/object/sign/${PRIVATE}/${owner.id}/a.txt?token=${expired}`);
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ statusCode: '400', error: 'InvalidJWT', message: 'jwt expired' });
  });

  it('signs an upload for who may insert it; anyone holding the URL can then upload once', async () => {
    const owner = user();
    const other = user();
    const path = `${owner.id}/dropbox.txt`;
    const signed = await owner.client.storage.from(PRIVATE).createSignedUploadUrl(path);
    expect(signed.error).toBeNull();
    const anon = supabase(gw.url).storage.from(PRIVATE);
    expect((await anon.uploadToSignedUrl(path, signed.data!.token, text('dropped'))).error).toBeNull();
    expect(await (await owner.client.storage.from(PRIVATE).download(path)).data!.text()).toBe('dropped');
    const again = await anon.uploadToSignedUrl(path, signed.data!.token, text('again'));
    expect(again.error).toMatchObject({ statusCode: '409' });
    const refused = await other.client.storage.from(PRIVATE).createSignedUploadUrl(`${owner.id}/theirs.txt`);
    expect(refused.error).toMatchObject({ statusCode: '403' });
  });
});

describe('bucket limits', () => {
  it('refuses files over the bucket size limit (413) and types outside its allowed list (415)', async () => {
    const bucket = service.storage.from(LIMITED);
    const big = await bucket.upload('big.png', new Blob([new Uint8Array(11)], { type: 'image/png' }));
    expect(big.error).toMatchObject({ status: 400, statusCode: '413', message: 'The object exceeded the maximum allowed size' });
    const txt = await bucket.upload('note.txt', text('tiny'));
    expect(txt.error).toMatchObject({ statusCode: '415', message: 'mime type text/plain is not supported' });
    expect((await bucket.upload('ok.png', new Blob([new Uint8Array(10)], { type: 'image/png' }))).error).toBeNull();
    expect((await bucket.list()).data!.map((e) => e.name)).toEqual(['ok.png']);
  });

  it('applies the server-wide limit to buckets without their own', async () => {
    const small = await startTestGateway({ storageDir, storageFileSizeLimit: 4 });
    try {
      const res = await supabase(small.url, DEMO_SERVICE_ROLE_KEY).storage.from(PUBLIC).upload('five.txt', text('12345'));
      expect(res.error).toMatchObject({ statusCode: '413' });
    } finally { await small.close(); }
  });
});

describe('config.toml [storage]', () => {
  it('reads file_size_limit in binary units as the Supabase CLI does, and enabled', () => {
    expect(parseSizeSetting('50MiB')).toBe(50 * 1024 * 1024);
    expect(parseSizeSetting('1MB')).toBe(1024 * 1024);
    expect(parseSizeSetting('512KiB')).toBe(512 * 1024);
    expect(parseSizeSetting(1000)).toBe(1000);
    expect(() => parseSizeSetting('lots')).toThrow(/file_size_limit/);
    expect(loadStorageSettings(repoRoot)).toEqual({ enabled: true, fileSizeLimit: 50 * 1024 * 1024 });
    const dir = mkdtempSync(join(tmpdir(), 'storage-cfg-'));
    mkdirSync(join(dir, 'supabase'));
    writeFileSync(join(dir, 'supabase', 'config.toml'), '[storage]\nenabled = false\nfile_size_limit = "1KiB"\n');
    expect(loadStorageSettings(dir)).toEqual({ enabled: false, fileSizeLimit: 1024 });
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves no /storage/v1 when [storage] enabled = false, as supabase start runs no Storage', async () => {
    const pool = new pg.Pool({ connectionString: process.env.DEVSTACK_DB_URL, max: 1 });
    const handler = createStorage({ pool, jwtSecret: DEMO_JWT_SECRET, dir: storageDir, settings: { enabled: false, fileSizeLimit: 1024 } });
    const server = createServer((req, res) => { void handler(req, res, '/bucket', new URLSearchParams()); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/storage/v1/bucket`, { headers: { Authorization: `Bearer ${DEMO_SERVICE_ROLE_KEY}` } });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ message: 'no Route matched with those values' });
    } finally {
      await new Promise((r) => server.close(r));
      await pool.end();
    }
  });
});
