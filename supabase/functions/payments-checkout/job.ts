// The job envelope: private.dispatch posts {job_id, attempt, payload: {action, …}} through pg_net
// with the service key. The action runs, and the job is acknowledged whatever happens:
// complete_job on success (or when nothing is left to charge), fail_job otherwise — retried when
// the error may pass (5xx: gateway, network), not when it cannot (invalid payloads, refusals).
import { HttpError, json } from '../_shared/http.ts';
import { runAction } from './actions.ts';
import type { JobEnvelope } from './inputs.ts';
import { completeJob, failJob } from './sql.ts';

export async function runJob({ job_id, attempt, payload }: JobEnvelope): Promise<Response> {
  try {
    const result = await runAction(payload, `job:${job_id}`);
    await completeJob(job_id, attempt);
    return json(200, result);
  } catch (err) {
    const e = err instanceof HttpError ? err : new HttpError(500, 'internal_error', (err as Error).message);
    // Nothing left to charge (paid, void, no amount due): the job is done, not failed.
    if (e.status === 409 && payload.action === 'charge' && e.extra.detail === 'billing.invoice_not_payable') {
      await completeJob(job_id, attempt);
      return json(200, { skipped: true, code: e.code, message: e.message });
    }
    // Invalid payloads and refusals will not improve with retries; gateway and network errors may.
    const retry = e.status >= 500;
    await failJob(job_id, attempt, `${e.code}: ${e.message}`, retry).catch((ack) =>
      console.error('[payments-checkout] could not acknowledge job', job_id, ack));
    return e.toResponse();
  }
}
