// Standard Webhooks signing: HMAC-SHA256 over `${id}.${timestamp}.${body}` with the secret's bytes
// (whsec_ + base64), sent as `v1,<base64>`; during a rotation one signature per secret, space-separated.
import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The headers of one attempt; every secret still valid signs it. */
export function webhookHeaders(secrets: string[], id: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'CleanMateX-Webhooks/1',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signature(s, id, timestamp, body)).join(' '),
  };
}
