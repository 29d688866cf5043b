// notify-deliver (verify_jwt = true, service key only): delivers one outbox message.
//   handler.ts  the request: service key, body (a job envelope or {outbox_id})
//   deliver.ts  claim → the provider's adapter (_shared/notify) → sent / failed
//   sql.ts      the SQL functions called
// See docs/notifications-channels.md.
import { handle } from './handler.ts';
import { traced } from '../_shared/trace.ts';

Deno.serve(traced(handle));
