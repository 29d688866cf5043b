// payments-stripe: the stripe webhook (verify_jwt = false; the gateway's signature authenticates it).
// The request path: _shared/webhook.ts; the gateway's wire format: _shared/gateways/stripe/ (docs/edge-functions.md).
import { stripeSpec } from '../_shared/gateways/stripe/spec.ts';
import { webhookHandler } from '../_shared/webhook.ts';
import { traced } from '../_shared/trace.ts';

Deno.serve(traced(webhookHandler(stripeSpec)));
