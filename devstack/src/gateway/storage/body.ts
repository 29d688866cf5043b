// An upload's bytes and attributes, from either body storage-js sends: multipart/form-data (a Blob
// or File, with cacheControl and metadata fields) or the raw bytes with content-type, cache-control
// and x-metadata (base64 JSON) headers.
import type { IncomingMessage } from 'node:http';
import { BodyTooLarge, readBody } from '../http.ts';
import { StorageErrors } from './errors.ts';

export interface Upload { bytes: Buffer; mimetype: string; cacheControl: string; userMetadata: unknown }

const DEFAULT_MIME = 'text/plain;charset=UTF-8';

function cacheSeconds(value: string | null | undefined): string {
  const m = /max-age=(\d+)/.exec(value ?? '') ?? /^(\d+)$/.exec(value ?? '');
  return m ? m[1] : '3600';
}

function parseJson(text: string | null | undefined): unknown {
  if (!text) return null;
  try { return JSON.parse(text); } catch { throw StorageErrors.invalidRequest('Invalid metadata'); }
}

export async function readUpload(req: IncomingMessage, limitBytes: number): Promise<Upload> {
  let raw: Buffer;
  // Multipart framing adds a little; the file itself is checked against the exact limit later.
  try { raw = await readBody(req, limitBytes + 64 * 1024); } catch (err) {
    if (err instanceof BodyTooLarge) throw StorageErrors.entityTooLarge();
    throw err;
  }
  const contentType = String(req.headers['content-type'] ?? '');
  if (/^multipart\/form-data/i.test(contentType)) {
    let form: FormData;
    try { form = await new Response(raw, { headers: { 'content-type': contentType } }).formData(); } catch {
      throw StorageErrors.invalidRequest('Malformed multipart body');
    }
    const file = [...form.values()].find((v): v is File => typeof v !== 'string');
    if (!file) throw StorageErrors.invalidRequest('No content provided');
    const cache = form.get('cacheControl');
    const meta = form.get('metadata');
    return {
      bytes: Buffer.from(await file.arrayBuffer()), mimetype: file.type || DEFAULT_MIME,
      cacheControl: cacheSeconds(typeof cache === 'string' ? cache : null),
      userMetadata: parseJson(typeof meta === 'string' ? meta : null),
    };
  }
  const xMeta = req.headers['x-metadata'];
  return {
    bytes: raw, mimetype: contentType || DEFAULT_MIME,
    cacheControl: cacheSeconds(req.headers['cache-control'] as string | undefined),
    userMetadata: typeof xMeta === 'string' ? parseJson(Buffer.from(xMeta, 'base64').toString('utf8')) : null,
  };
}
