// The three webhook specs (authentication + normalisation), shared by the functions and the tests.
import { normalizeHyperpay, normalizePaytabs, normalizeStripe } from './events.ts';
import { decryptHyperpay, verifyPaytabsSignature, verifyStripeSignature } from './signatures.ts';
import { invalidSignature, type WebhookSpec } from './webhook.ts';

const decoder = new TextDecoder('utf-8', { fatal: false });

export const stripeSpec: WebhookSpec = {
  gateway: 'stripe',
  authenticate(raw, headers, secrets) {
    const r = verifyStripeSignature(raw, headers.get('stripe-signature'), secrets);
    if (!r.ok) throw invalidSignature(r.reason);
    return decoder.decode(raw);
  },
  normalize: normalizeStripe,
};

export const paytabsSpec: WebhookSpec = {
  gateway: 'paytabs',
  authenticate(raw, headers, secrets) {
    const r = verifyPaytabsSignature(raw, headers.get('signature'), secrets);
    if (!r.ok) throw invalidSignature(r.reason);
    return decoder.decode(raw);
  },
  normalize: normalizePaytabs,
};

export const hyperpaySpec: WebhookSpec = {
  gateway: 'hyperpay',
  authenticate(raw, headers, secrets) {
    const r = decryptHyperpay(raw, headers.get('x-initialization-vector'), headers.get('x-authentication-tag'), secrets);
    if (!r.ok) throw invalidSignature(r.reason === 'mismatch' ? 'mismatch' : r.reason);
    return r.plaintext;
  },
  normalize: normalizeHyperpay,
};
