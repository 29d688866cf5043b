// PayTabs' IPN / callback as it arrives: JSON signed in the Signature header with the profile's
// server key (PAYTABS_SERVER_KEY). The payments-paytabs function serves it.
import { bodyText, invalidSignature, type WebhookSpec } from '../../webhook.ts';
import { normalizePaytabs } from './events.ts';
import { verifyPaytabsSignature } from './signature.ts';

export const paytabsSpec: WebhookSpec = {
  gateway: 'paytabs',
  secretEnv: 'PAYTABS_SERVER_KEY',
  authenticate(raw, headers, secrets) {
    const r = verifyPaytabsSignature(raw, headers.get('signature'), secrets);
    if (!r.ok) throw invalidSignature(r.reason);
    return bodyText(raw);
  },
  normalize: normalizePaytabs,
};
