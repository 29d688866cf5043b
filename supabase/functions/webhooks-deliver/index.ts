// webhooks-deliver (verify_jwt = true, service key only): started by the jobs backbone (job type
// webhooks.deliver on the webhooks queue, every minute); drains due outgoing webhooks, then
// acknowledges the job. See docs/integrations.md.
import { corsHeaders, error, json, methodNotAllowed } from '../_shared/http.ts';
import { isServiceKey, rpc, serviceClient } from '../_shared/supabase.ts';
import { rpcStore } from './store.ts';
import { drain } from './worker.ts';
import { traced } from '../_shared/trace.ts';

export async function handle(req: Request): Promise<Response> {
  if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
  if (req.method !== 'POST') return methodNotAllowed('use POST');
  const token = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1]?.trim() ?? null;
  if (!isServiceKey(token)) return error(401, 'unauthorized', 'the service key only');
  const envelope = await req.json().catch(() => ({})) as { job_id?: number; attempt?: number };
  try {
    const outcome = await drain(rpcStore);
    if (envelope.job_id) await rpc(serviceClient(), 'complete_job', { job_id: envelope.job_id, attempt: envelope.attempt });
    return json(200, outcome);
  } catch (err) {
    const message = (err as Error).message ?? 'unexpected error';
    if (envelope.job_id) {
      await rpc(serviceClient(), 'fail_job', { job_id: envelope.job_id, attempt: envelope.attempt, error: message, retry: true })
        .catch((ack) => console.error('[webhooks-deliver] could not acknowledge job', envelope.job_id, ack));
    }
    return error(500, 'internal_error', message);
  }
}

if (import.meta.main) Deno.serve(traced(handle));
