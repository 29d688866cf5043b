// health (verify_jwt = false: uptime monitors call it without credentials; it reveals only ok flags).
//   handler.ts  the request and the summary of public.health_check()
// See docs/operations.md.
import { handle } from './handler.ts';
import { traced } from '../_shared/trace.ts';

Deno.serve(traced((req) => handle(req)));
