// The request: POST only, a bearer token (a user's JWT or the service key), a JSON body of at most
// MAX_BODY_BYTES, then one of three routes:
//   the service key with a job envelope → job.ts (acknowledged with complete_job / fail_job);
//   the service key with {action, …}    → actions.ts (charge, refund), answered directly;
//   anyone else                         → checkout.ts ({invoice_id, gateway?, return_url?}).
import { corsHeaders, error, HttpError, json, methodNotAllowed, readBodyLimited } from '../_shared/http.ts';
import { isServiceKey } from '../_shared/supabase.ts';
import { runAction } from './actions.ts';
import { checkout } from './checkout.ts';
import { checkoutBody, jobEnvelope, MAX_BODY_BYTES, validate } from './inputs.ts';
import { runJob } from './job.ts';

export async function handle(req: Request): Promise<Response> {
  if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
  if (req.method !== 'POST') return methodNotAllowed('use POST');
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '');
  const token = m?.[1]?.trim() ?? null;
  if (!token) return error(401, 'unauthorized', 'sign in first');
  const asService = isServiceKey(token);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(await readBodyLimited(req, MAX_BODY_BYTES)));
  } catch (err) {
    if (err instanceof HttpError) return err.toResponse();
    return error(400, 'invalid_request', 'body must be JSON');
  }
  // A job posted by private.dispatch: acknowledge it whatever happens.
  const job = asService ? jobEnvelope.safeParse(body) : null;
  if (job?.success) return runJob(job.data);
  try {
    if (asService && body && typeof body === 'object' && 'action' in body) {
      return json(200, await runAction(body as Record<string, unknown>, `call:${crypto.randomUUID()}`));
    }
    return json(200, await checkout(token, validate(checkoutBody, body), asService));
  } catch (err) {
    if (err instanceof HttpError) return err.toResponse();
    console.error('[payments-checkout] unexpected error', err);
    return error(500, 'internal_error', (err as Error).message ?? 'unexpected error');
  }
}
