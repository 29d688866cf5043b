// OPPWA result codes (`result.code`), grouped as OPPWA documents them. Read by the client (the
// answers to our calls) and by the events (webhook notifications): defined here once.

/**
 * Succeeded: OPPWA's "successfully processed" group (incl. 000.400.110 / 000.400.120) and its
 * "successfully processed, review manually" group (000.400.0xx but 000.400.03x, and 000.400.100):
 * the money was taken either way, so the payment is recorded; a reversal arrives as its own RV.
 */
export const HYPERPAY_SUCCESS = /^(000\.000\.|000\.100\.1|000\.[36]|000\.400\.[1][12]0|000\.400\.0[^3]|000\.400\.100)/;
/**
 * Pending, not final yet: 000.200 (pending) and the "waiting" results OPPWA lists with them
 * (800.400.5xx waiting for a non-instant payment's confirmation, 100.400.500 an external risk
 * review). The same payment is notified again when it completes.
 */
export const HYPERPAY_PENDING = /^(000\.200|800\.400\.5|100\.400\.500)/;
/** A checkout created (COPYandPAY: 000.200.100). */
export const HYPERPAY_CHECKOUT_CREATED = /^000\.200\.100/;
/**
 * Result groups that are our setup or their trouble, not a refusal of the request: format errors
 * (invalid parameters, authentication 800.900.3xx), configuration errors, system and
 * communication errors. Retried and reported like a 5xx.
 */
export const HYPERPAY_OURS = /^(200\.[123]|100\.[53][07]|800\.900|100\.[69]00\.500|600\.[23]|500\.[12]|800\.121|800\.[56]|999\.|600\.1|800\.800\.[84]|900\.[1234]00|000\.400\.030)/;

/** A payment's outcome by its result code: succeeded, pending, or failed (anything else). */
export function hyperpayOutcome(code: string): 'succeeded' | 'pending' | 'failed' {
  return HYPERPAY_SUCCESS.test(code) ? 'succeeded' : HYPERPAY_PENDING.test(code) ? 'pending' : 'failed';
}
