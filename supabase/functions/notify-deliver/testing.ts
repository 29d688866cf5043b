// deno-lint-ignore-file no-explicit-any -- provider and test JSON bodies are loosely typed on purpose
// End-to-end helpers (imported by *_test.ts only): an outbox row written and its
// notifications.deliver job enqueued as private.notify does, the queue dispatched through pg_net to
// notify-deliver, and the row read back.
import type { Channel, Provider } from '../_shared/notify/contract.ts';
import { q } from '../_shared/testing.ts';

export interface Row {
  id: string; status: string; provider: string | null; provider_message_id: string | null; attempts: number;
  last_error: string | null; last_receipt: any; address: string;
}

/** The provider the channel uses from now on (notification_channels is one provider per channel). */
export async function useProvider(channel: Channel, provider: Provider) {
  await q(`update public.notification_channels set provider = $2 where channel = $1`, [channel, provider]);
}

/** One outbox row in Arabic for `address`, and its delivery job. */
export async function outboxRow(channel: Channel, address: string): Promise<string> {
  const key = crypto.randomUUID();
  const [{ id }] = await q<{ id: string }>(
    `insert into public.notification_outbox (event, event_key, recipient_kind, recipient_ref, channel, address, locale,
       template_version, category, subject, body_text, body_html, whatsapp_template, whatsapp_parameters, idempotency_key)
     values ('dunning.reminder', $1, 'staff', 'e2e', $2, $3, 'ar', 1, 'transactional',
       case when $2 = 'email' then 'تذكير: الفاتورة INV-' || left($1, 8) || ' مستحقة' end,
       'فاتورتك INV-' || left($1, 8) || ' مستحقة. المبلغ 120.000 د.ك',
       case when $2 = 'email' then '<html dir="rtl"><body><p>فاتورتك مستحقة</p></body></html>' end,
       case when $2 = 'whatsapp' then 'dunning_reminder' end,
       case when $2 = 'whatsapp' then jsonb_build_array('INV-' || left($1, 8), '120.000 د.ك') end,
       'e2e:' || $1)
     returning id`, [key, channel, address]);
  await q(`select private.enqueue('notifications', 'notifications.deliver', jsonb_build_object('outbox_id', $1::text), 'e2e-deliver:' || $1)`, [id]);
  return id;
}

export async function row(id: string): Promise<Row> {
  const [r] = await q<Row>(`select id, status, provider, provider_message_id, attempts, last_error, last_receipt, address
                            from public.notification_outbox where id = $1`, [id]);
  return r;
}

/** Dispatches the notifications queue until the row reaches one of `statuses` (and `also` holds). */
export async function until(id: string, statuses: string[], timeoutMs = 30_000, also: (r: Row) => boolean = () => true): Promise<Row> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await q(`select private.dispatch('notifications', 64)`);
    const r = await row(id);
    if (statuses.includes(r.status) && also(r)) return r;
    if (Date.now() > deadline) throw new Error(`outbox row ${id} is ${r.status} (${r.last_error ?? 'no error'}), not ${statuses.join('|')}`);
    await new Promise((res) => setTimeout(res, 150));
  }
}
