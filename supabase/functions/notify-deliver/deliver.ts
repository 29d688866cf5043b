// One delivery: claim the row, hand it to its provider's adapter, record what the provider said.
// A delivery failure is recorded on the row and never undoes what caused the message.
import { ADAPTERS } from '../_shared/notify/adapters.ts';
import { permanent, type SendOutcome } from '../_shared/notify/contract.ts';
import { withCredentials } from '../_shared/notify/credentials.ts';
import { claim, markFailed, markSent } from './sql.ts';

export interface Delivered {
  outbox_id: string;
  status: 'skipped' | 'sent' | 'failed';
  provider?: string;
  provider_message_id?: string;
  retryable?: boolean;
  error?: string;
}

export async function deliver(outboxId: string): Promise<Delivered> {
  const message = await claim(outboxId);
  if (!message) return { outbox_id: outboxId, status: 'skipped' };
  const adapter = ADAPTERS[message.provider];
  let outcome: SendOutcome;
  if (!adapter) outcome = permanent(`no adapter for provider ${message.provider}`);
  else {
    try {
      outcome = await withCredentials(message.provider, () => adapter.send(message));
    } catch (err) {
      // An adapter bug must not leave the row in 'sending': record it (retryable: a fix may come).
      outcome = { status: 'failed', retryable: true, error: `${message.provider}: ${(err as Error)?.message ?? err}`.slice(0, 1000) };
    }
  }
  if (outcome.status === 'sent') {
    await markSent(message.id, message.provider, outcome.providerMessageId);
    return { outbox_id: message.id, status: 'sent', provider: message.provider, provider_message_id: outcome.providerMessageId };
  }
  await markFailed(message.id, message.provider, outcome.error, outcome.retryable);
  return { outbox_id: message.id, status: 'failed', provider: message.provider, retryable: outcome.retryable, error: outcome.error };
}
