// What payments-checkout accepts, checked with zod at the boundary: a user's checkout request,
// the service actions (charge, refund) and the dispatcher's job envelope. A failure is 400
// invalid_request naming the first field at fault.
import { GATEWAYS } from '../_shared/gateways/contract.ts';
import { HttpError } from '../_shared/http.ts';
import { DECIMAL, parseWith, z } from '../_shared/validation.ts';

/** A checkout request or a job is a few hundred bytes; a larger body is refused (413) unread. */
export const MAX_BODY_BYTES = 64 * 1024;

const uuid = z.string().uuid();
const gateway = z.enum(GATEWAYS);
const httpUrl = z.string().url().max(2000).refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

/** A user's checkout: POST {invoice_id, gateway?, return_url?}. */
export const checkoutBody = z.object({ invoice_id: uuid, gateway: gateway.nullish(), return_url: httpUrl.nullish() }).strict();

/** Charge the tenant's saved method off-session (the dunning retry's payload). */
export const chargeAction = z.object({
  action: z.literal('charge'), invoice_id: uuid, gateway: gateway.nullish(),
  payment_method_id: uuid.nullish(),
  customer_ref: z.string().min(1).max(255).nullish(), method_ref: z.string().min(1).max(255).nullish(),
  // older payloads
  customer: z.string().max(255).nullish(), payment_method: z.string().max(255).nullish(),
}).passthrough();

/** Refund through the gateway (a refund credit note's job). */
export const refundAction = z.object({
  action: z.literal('refund'), refund_id: uuid, gateway, gateway_payment_id: z.string().min(1).max(255),
  amount: z.union([z.number().positive(), z.string().regex(DECIMAL)]), currency: z.string().regex(/^[A-Z]{3}$/),
  payment_id: uuid.nullish(), invoice_id: uuid.nullish(),
}).passthrough();

/** private.dispatch's body: {job_id, attempt, payload}. */
export const jobEnvelope = z.object({ job_id: z.number().int(), attempt: z.number().int(), payload: z.record(z.unknown()) }).passthrough();

export type CheckoutBody = z.infer<typeof checkoutBody>;
export type ChargeAction = z.infer<typeof chargeAction>;
export type RefundAction = z.infer<typeof refundAction>;
export type JobEnvelope = z.infer<typeof jobEnvelope>;

export function validate<T extends z.ZodTypeAny>(schema: T, value: unknown): z.infer<T> {
  return parseWith(schema, value, (path, message) => new HttpError(400, 'invalid_request', `${path || 'body'}: ${message}`));
}
