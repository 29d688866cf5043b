// The service actions by name: a job's payload or a service-key call's body.
import { HttpError } from '../_shared/http.ts';
import { charge } from './charge.ts';
import { chargeAction, refundAction, validate } from './inputs.ts';
import { refund } from './refund.ts';

/** Runs {action: 'charge' | 'refund', …}; `key` makes every attempt of one job one payment. */
export function runAction(payload: Record<string, unknown>, key: string): Promise<Record<string, unknown>> {
  if (payload.action === 'charge') return charge(validate(chargeAction, payload), key);
  if (payload.action === 'refund') return refund(validate(refundAction, payload));
  return Promise.reject(new HttpError(400, 'invalid_request', "action must be 'charge' or 'refund'"));
}
