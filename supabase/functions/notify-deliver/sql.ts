// The SQL functions notify-deliver calls: the outbox decides what to send and keeps the state;
// this function only carries the message to its provider.
import type { OutboxMessage, Provider } from '../_shared/notify/contract.ts';
import { rpc, serviceClient } from '../_shared/supabase.ts';

/** public.notification_claim: the message to send now, or null (already sent, suppressed, not due). */
export function claim(outboxId: string): Promise<OutboxMessage | null> {
  return rpc<OutboxMessage | null>(serviceClient(), 'notification_claim', { p_outbox_id: outboxId });
}

export function markSent(outboxId: string, provider: Provider, providerMessageId: string): Promise<unknown> {
  return rpc(serviceClient(), 'notification_sent', { p_outbox_id: outboxId, p_provider: provider, p_provider_message_id: providerMessageId });
}

export function markFailed(outboxId: string, provider: string, error: string, retryable: boolean): Promise<unknown> {
  return rpc(serviceClient(), 'notification_failed', { p_outbox_id: outboxId, p_provider: provider, p_error: error, p_retryable: retryable });
}

/** public.complete_job / public.fail_job: the dispatcher's job acknowledged. */
export function completeJob(job_id: number, attempt: number): Promise<unknown> {
  return rpc(serviceClient(), 'complete_job', { job_id, attempt });
}
export function failJob(job_id: number, attempt: number, error: string, retry: boolean): Promise<unknown> {
  return rpc(serviceClient(), 'fail_job', { job_id, attempt, error, retry });
}
