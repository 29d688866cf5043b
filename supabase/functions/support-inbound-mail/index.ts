// support-inbound-mail (verify_jwt = false: Mailgun signs instead): e-mail to the support address
// becomes a ticket or a reply. See handler.ts and docs/support.md ("Inbound e-mail").
import { inboundHandler } from './handler.ts';
import { traced } from '../_shared/trace.ts';

Deno.serve(traced(inboundHandler()));
