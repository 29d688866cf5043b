// Stripe's webhook as it arrives: JSON signed in the Stripe-Signature header with the endpoint
// secret (STRIPE_WEBHOOK_SECRET, `old,new` while rolling). The payments-stripe function serves it.
import { bodyText, invalidSignature, type WebhookSpec } from '../../webhook.ts';
import { normalizeStripe } from './events.ts';
import { verifyStripeSignature } from './signature.ts';

export const stripeSpec: WebhookSpec = {
  gateway: 'stripe',
  secretEnv: 'STRIPE_WEBHOOK_SECRET',
  authenticate(raw, headers, secrets) {
    const r = verifyStripeSignature(raw, headers.get('stripe-signature'), secrets);
    if (!r.ok) throw invalidSignature(r.reason);
    return bodyText(raw);
  },
  normalize: normalizeStripe,
};
