// HyperPay's notification as it arrives: hex AES-256-GCM ciphertext of the JSON, with the IV and
// tag in X-Initialization-Vector / X-Authentication-Tag, under HYPERPAY_WEBHOOK_SECRET (64 hex).
// The payments-hyperpay function serves it.
import { HttpError } from '../../http.ts';
import { invalidSignature, type WebhookSpec } from '../../webhook.ts';
import { normalizeHyperpay } from './events.ts';
import { decryptHyperpay, HYPERPAY_KEY } from './signature.ts';

export const hyperpaySpec: WebhookSpec = {
  gateway: 'hyperpay',
  secretEnv: 'HYPERPAY_WEBHOOK_SECRET',
  authenticate(raw, headers, secrets) {
    // No secret that can be a key: our setup is wrong, not the sender (every notice would be refused).
    if (!secrets.some((s) => HYPERPAY_KEY.test(s))) throw new HttpError(500, 'not_configured', 'the HyperPay webhook secret is not a 64-hex key');
    const r = decryptHyperpay(raw, headers.get('x-initialization-vector'), headers.get('x-authentication-tag'), secrets);
    if (!r.ok) throw invalidSignature(r.reason);
    return r.plaintext;
  },
  normalize: normalizeHyperpay,
};
