// payments-checkout (verify_jwt = true): a user's checkout, and the billing jobs' gateway calls.
//   handler.ts  the request: auth, body, routing
//   inputs.ts   what is accepted (zod)
//   checkout.ts a user's hosted checkout        charge.ts  an off-session charge (action 'charge')
//   refund.ts   a refund (action 'refund')      actions.ts the actions by name
//   job.ts      the dispatcher's job envelope   sql.ts     the SQL functions called
// See docs/edge-functions.md.
import { handle } from './handler.ts';
import { traced } from '../_shared/trace.ts';

Deno.serve(traced(handle));
