// A delivery receipt or bounce, as every provider's webhook is reduced to before
// public.ingest_notification_receipt stores it.
import { env } from '../http.ts';

// complained: the reader marked the message as spam (the message keeps its status; the address is
// suppressed). A bounce's detail.permanent = false (a soft bounce) suppresses nothing.
export type ReceiptStatus = 'delivered' | 'failed' | 'bounced' | 'read' | 'complained';

export interface Receipt {
  providerMessageId: string;
  status: ReceiptStatus;
  detail: Record<string, unknown>;
}

/** A webhook that is not the provider's (bad or missing signature): 401, nothing stored. */
export class BadSignature extends Error {}
/** A signed webhook we cannot read: 400. */
export class BadReceipt extends Error {}

/**
 * The public URL of notify-receipts as providers call it (Twilio signs the full URL): the
 * NOTIFY_RECEIPTS_URL secret, else <SUPABASE_URL>/functions/v1/notify-receipts.
 */
export function receiptsUrl(): string {
  const configured = env('NOTIFY_RECEIPTS_URL');
  if (configured) return configured.replace(/\/+$/, '');
  return `${(env('SUPABASE_URL') ?? '').replace(/\/+$/, '')}/functions/v1/notify-receipts`;
}
