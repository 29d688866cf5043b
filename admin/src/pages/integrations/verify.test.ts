// The "how to verify a signature" code the portal shows must verify what the delivery function
// signs (its own sign.ts), with both signatures of a rotation, and refuse a changed body or an old
// timestamp; plus the Standard Webhooks specification's published example.
import * as crypto from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { signature, webhookHeaders } from '../../../../supabase/functions/webhooks-deliver/sign';
import { NODE_CRYPTO_SAMPLE } from './verify';

type Verify = (secret: string, headers: Record<string, string>, rawBody: string) => boolean;
let verify: Verify;

beforeAll(() => {
  // run the sample as shown; only its import/export lines become a function's prologue and epilogue
  const body = NODE_CRYPTO_SAMPLE
    .replace(/^import \{([^}]+)\} from 'node:crypto';$/m, 'const {$1} = crypto;')
    .replace(/^export function /m, 'function ');
  expect(body).not.toMatch(/^(import|export) /m);
  verify = new Function('crypto', 'Buffer', `${body}\nreturn verifyCleanMateX;`)(crypto, Buffer);
});

const OLD = 'whsec_' + Buffer.from('old secret bytes, 32 of them....').toString('base64');
const NEW = 'whsec_' + Buffer.from('new secret bytes, 32 of them....').toString('base64');
const body = '{"type":"webhook.test","timestamp":"2026-12-07T00:00:00Z","data":{}}';

describe('the node:crypto verification sample', () => {
  test('accepts a delivery signed by the delivery function, with either secret during a rotation', () => {
    const headers = webhookHeaders([OLD, NEW], 'msg_1', body);
    expect(verify(OLD, headers, body)).toBe(true);
    expect(verify(NEW, headers, body)).toBe(true);
    expect(verify('whsec_' + Buffer.from('another secret').toString('base64'), headers, body)).toBe(false);
  });

  test('refuses a changed body and a timestamp more than 5 minutes off', () => {
    const headers = webhookHeaders([NEW], 'msg_1', body);
    expect(verify(NEW, headers, body.replace('{}', '{"x":1}'))).toBe(false);
    const old = webhookHeaders([NEW], 'msg_1', body, Math.floor(Date.now() / 1000) - 301);
    expect(verify(NEW, old, body)).toBe(false);
  });

  test('agrees with the Standard Webhooks example signature', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sig = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
    expect(signature(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(sig);
  });
});
