// api (verify_jwt = false: callers bring an API key, not a JWT): the public API for integrations.
// See docs/integrations.md.
import { handle } from './handler.ts';
import { traced } from '../_shared/trace.ts';

Deno.serve(traced(handle));
