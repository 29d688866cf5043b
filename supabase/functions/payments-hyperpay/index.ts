// payments-hyperpay: the hyperpay webhook (verify_jwt = false; the gateway's signature authenticates it).
// The request path: _shared/webhook.ts; the gateway's wire format: _shared/gateways/hyperpay/ (docs/edge-functions.md).
import { hyperpaySpec } from '../_shared/gateways/hyperpay/spec.ts';
import { webhookHandler } from '../_shared/webhook.ts';
import { traced } from '../_shared/trace.ts';

Deno.serve(traced(webhookHandler(hyperpaySpec)));
