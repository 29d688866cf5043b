// metrics (verify_jwt = false: Prometheus sends the scrape token, not a Supabase JWT).
//   handler.ts     the request: method, token, the SQL call
//   token.ts       the constant-time bearer check
//   exposition.ts  a strict parser of the text format (tests and the ops/ shape test)
// See docs/operations.md.
import { handle } from './handler.ts';
import { traced } from '../_shared/trace.ts';

Deno.serve(traced((req) => handle(req)));
