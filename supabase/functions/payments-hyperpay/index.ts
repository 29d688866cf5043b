// payments-hyperpay: the hyperpay webhook (verify_jwt = false; the gateway's signature authenticates it).
// See supabase/functions/_shared/webhook.ts for the request path and README "Payment gateways".
import { hyperpaySpec } from '../_shared/gateways.ts';
import { webhookHandler } from '../_shared/webhook.ts';

Deno.serve(webhookHandler(hyperpaySpec));
