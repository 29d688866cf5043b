// Supabase Storage's error answers: a JSON body { statusCode, error, message } whose statusCode is
// the meaningful code ('404', '403', '409', '413', '415'...) while the HTTP status is 400 for every
// client error (500 stays 500), as Storage's error handler answers for storage-js clients.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http.ts';

export class StorageError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly error: string = code,
    /** HTTP status actually sent; Storage sends 400 unless told otherwise. */
    readonly httpStatus: number = statusCode >= 500 ? 500 : 400,
  ) { super(message); }
}

export const StorageErrors = {
  noSuchBucket: () => new StorageError(404, 'NoSuchBucket', 'Bucket not found', 'Bucket not found'),
  noSuchKey: () => new StorageError(404, 'NoSuchKey', 'Object not found', 'not_found'),
  accessDenied: (message = 'Access denied') => new StorageError(403, 'AccessDenied', message, 'Unauthorized'),
  rlsDenied: () => new StorageError(403, 'AccessDenied', 'new row violates row-level security policy', 'Unauthorized'),
  alreadyExists: () => new StorageError(409, 'ResourceAlreadyExists', 'The resource already exists', 'Duplicate'),
  keyAlreadyExists: () => new StorageError(409, 'KeyAlreadyExists', 'The resource already exists', 'Duplicate'),
  bucketAlreadyExists: () => new StorageError(409, 'BucketAlreadyExists', 'The resource already exists', 'Duplicate'),
  bucketNotEmpty: () => new StorageError(409, 'ResourceNotEmpty', 'The bucket you tried to delete is not empty'),
  entityTooLarge: () => new StorageError(413, 'EntityTooLarge', 'The object exceeded the maximum allowed size', 'Payload too large'),
  invalidMimeType: (mime: string) => new StorageError(415, 'InvalidMimeType', `mime type ${mime} is not supported`, 'invalid_mime_type'),
  invalidKey: (key: string) => new StorageError(400, 'InvalidKey', `Invalid key: ${key}`),
  invalidBucketName: (name: string) => new StorageError(400, 'InvalidBucketName', `Bucket name invalid`, name ? 'Invalid Input' : 'InvalidBucketName'),
  invalidRequest: (message: string) => new StorageError(400, 'InvalidRequest', message),
  invalidJwt: (message: string) => new StorageError(400, 'InvalidJWT', message),
  invalidSignature: (message = 'Invalid signature') => new StorageError(400, 'InvalidSignature', message),
  expiredSignature: () => new StorageError(400, 'ExpiredToken', 'The provided token has expired.'),
  notFound: () => new StorageError(404, 'NotFound', 'Route not found', 'Not Found', 404),
};

/** Maps what Postgres refused onto Storage's answers, as Storage's database layer does. */
export function fromPgError(err: any): StorageError | null {
  switch (err?.code) {
    case '42501': return String(err.message).includes('row-level security') ? StorageErrors.rlsDenied() : StorageErrors.accessDenied(err.message);
    case '23505': return StorageErrors.alreadyExists();
    case '23503': return new StorageError(409, 'ResourceReferenced', 'The resource could not be updated or removed due to a foreign key constraint');
    case '22P02': return new StorageError(400, 'InvalidParameter', err.message || 'Invalid value format or type conversion failed');
    default: return null;
  }
}

export function sendStorageError(req: IncomingMessage, res: ServerResponse, err: StorageError): void {
  sendJson(req, res, err.httpStatus, { statusCode: String(err.statusCode), code: err.code, error: err.error, message: err.message });
}
