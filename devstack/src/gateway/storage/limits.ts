// Bucket limits as Storage reads them: file_size_limit in bytes (a number, or '5MB'-style text in
// decimal units), allowed_mime_types with optional 'type/*' wildcards.
import { StorageError, StorageErrors } from './errors.ts';

export function parseFileSizeLimit(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  const m = typeof value === 'string' ? /^([0-9]+(?:\.[0-9]+)?)(gb|mb|kb|b)$/i.exec(value.trim()) : null;
  if (!m) throw new StorageError(400, 'InvalidRequest', 'Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B');
  const units: Record<string, number> = { GB: 1e9, MB: 1e6, KB: 1e3, B: 1 };
  return Math.floor(Number(parseFloat(m[1]).toPrecision(3)) * units[m[2].toUpperCase()]);
}

export function mimeAllowed(mime: string, allowed: string[] | null): boolean {
  if (!allowed || allowed.length === 0) return true;
  const base = mime.split(';')[0].trim().toLowerCase();
  return allowed.some((rule) => {
    const r = rule.trim().toLowerCase();
    return r.endsWith('/*') ? base.startsWith(r.slice(0, -1)) : base === r;
  });
}

/** Storage's upload checks against the bucket's limits (and the server-wide one). */
export function checkUpload(size: number, mime: string, bucket: { file_size_limit: string | number | null; allowed_mime_types: string[] | null }, serverLimit: number): void {
  const bucketLimit = bucket.file_size_limit === null ? null : Number(bucket.file_size_limit);
  if (size > Math.min(serverLimit, bucketLimit ?? Infinity)) throw StorageErrors.entityTooLarge();
  if (!mimeAllowed(mime, bucket.allowed_mime_types)) throw StorageErrors.invalidMimeType(mime);
}

/** Bucket names Storage accepts (letters, digits and a few punctuation marks, at most 100). */
export function mustBeValidBucketName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 100 || name.trim() !== name
    || !/^(\w|!|-|\.|\*|'|\(|\)| |&|\$|@|=|;|:|\+|,|\?)*$/.test(name)) {
    throw StorageErrors.invalidBucketName(String(name ?? ''));
  }
  return name;
}

/** Object keys Storage accepts: non-empty, of S3-safe ASCII characters (letters, digits, / and a few marks). */
export function mustBeValidKey(key: string): string {
  if (!key || key.length > 1024 || !/^[A-Za-z0-9_/!.*'() &$=@;:+,?-]+$/.test(key)) throw StorageErrors.invalidKey(key);
  return key;
}
