// HyperPay's notification as it arrives: hex AES-256-GCM ciphertext of the JSON, with the IV and
// tag in X-Initialization-Vector / X-Authentication-Tag, under HYPERPAY_WEBHOOK_SECRET (64 hex).
// The payments-hyperpay function serves it.
import { invalidSignature, type WebhookSpec } from '../../webhook.ts';
import { normalizeHyperpay } from './events.ts';
import { decryptHyperpay } from './signature.ts';

export const hyperpaySpec: WebhookSpec = {
  gateway: 'hyperpay',
  secretEnv: 'HYPERPAY_WEBHOOK_SECRET',
  authenticate(raw, headers, secrets) {
    const r = decryptHyperpay(raw, headers.get('x-initialization-vector'), headers.get('x-authentication-tag'), secrets);
    if (!r.ok) throw invalidSignature(r.reason);
    return r.plaintext;
  },
  normalize: normalizeHyperpay,
};
