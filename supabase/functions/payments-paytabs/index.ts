// payments-paytabs: the paytabs webhook (verify_jwt = false; the gateway's signature authenticates it).
// The request path: _shared/webhook.ts; the gateway's wire format: _shared/gateways/paytabs/ (docs/edge-functions.md).
import { paytabsSpec } from '../_shared/gateways/paytabs/spec.ts';
import { webhookHandler } from '../_shared/webhook.ts';
import { traced } from '../_shared/trace.ts';

Deno.serve(traced(webhookHandler(paytabsSpec)));
