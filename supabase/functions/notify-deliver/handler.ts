// The request: POST with the service key (the jobs dispatcher, or an operator's direct call),
// a small JSON body:
//   {job_id, attempt, payload: {outbox_id}}  a job → delivered, then acknowledged: complete_job when
//       sent or failed for good (the row says why), fail_job(retry) when a retry may help, so the
//       jobs backbone's backoff and dead letters apply;
//   {outbox_id}                              delivered and answered directly.
import { corsHeaders, error, HttpError, json, methodNotAllowed, readBodyLimited } from '../_shared/http.ts';
import { isServiceKey } from '../_shared/supabase.ts';
import { parseWith, z } from '../_shared/validation.ts';
import { deliver } from './deliver.ts';
import { completeJob, failJob } from './sql.ts';

const MAX_BODY_BYTES = 16 * 1024;
const direct = z.object({ outbox_id: z.string().uuid() }).strict();
const job = z.object({ job_id: z.number().int(), attempt: z.number().int(), payload: direct.passthrough() }).passthrough();

async function runJob(j: z.infer<typeof job>): Promise<Response> {
  try {
    const result = await deliver(j.payload.outbox_id);
    if (result.status === 'failed' && result.retryable) await failJob(j.job_id, j.attempt, result.error ?? 'delivery failed', true);
    else await completeJob(j.job_id, j.attempt);
    return json(200, result);
  } catch (err) {
    // The database or the claim failed: nothing was sent, the job may try again.
    const message = (err as Error)?.message ?? String(err);
    await failJob(j.job_id, j.attempt, `internal_error: ${message}`.slice(0, 1000), true).catch((ack) =>
      console.error('[notify-deliver] could not acknowledge job', j.job_id, ack));
    return error(500, 'internal_error', message);
  }
}

export async function handle(req: Request): Promise<Response> {
  if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
  if (req.method !== 'POST') return methodNotAllowed('use POST');
  const token = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1]?.trim() ?? null;
  if (!token) return error(401, 'unauthorized', 'the service key is required');
  if (!isServiceKey(token)) return error(403, 'forbidden', 'only the service key may deliver messages');
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(await readBodyLimited(req, MAX_BODY_BYTES)));
  } catch (err) {
    if (err instanceof HttpError) return err.toResponse();
    return error(400, 'invalid_request', 'body must be JSON');
  }
  const asJob = job.safeParse(body);
  if (asJob.success) return runJob(asJob.data);
  try {
    const { outbox_id } = parseWith(direct, body, (path, message) => new HttpError(400, 'invalid_request', `${path || 'body'}: ${message}`));
    return json(200, await deliver(outbox_id));
  } catch (err) {
    if (err instanceof HttpError) return err.toResponse();
    console.error('[notify-deliver] unexpected error', err);
    return error(500, 'internal_error', (err as Error)?.message ?? 'unexpected error');
  }
}
