// The gateways by name: the client payments-checkout calls for a payment's gateway.
// (Each webhook function imports its own gateway's spec.ts.)
import type { Gateway, GatewayClient } from './contract.ts';
import { HyperpayClient } from './hyperpay/client.ts';
import { PaytabsClient } from './paytabs/client.ts';
import { StripeClient } from './stripe/client.ts';

export function clientFor(gateway: Gateway): GatewayClient {
  if (gateway === 'stripe') return new StripeClient();
  if (gateway === 'paytabs') return new PaytabsClient();
  return new HyperpayClient();
}
