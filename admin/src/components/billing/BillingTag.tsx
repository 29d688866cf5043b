import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

// Colours for every billing status family (subscriptions, invoices, payments, inbox, dunning, coupons).
const COLORS: Record<string, string> = {
  trialing: 'blue', active: 'green', past_due: 'orange', suspended: 'red', cancelled: 'default',
  draft: 'default', open: 'gold', paid: 'green', void: 'default', uncollectible: 'magenta',
  pending: 'processing', succeeded: 'green', failed: 'red',
  received: 'processing', applied: 'green', ignored: 'default',
  retrying: 'gold', warned: 'orange', recovered: 'green', written_off: 'default',
  archived: 'default', issued: 'green',
};

export type BillingTagKind = 'subscription' | 'invoice' | 'payment' | 'event' | 'dunning' | 'coupon' | 'credit_note';

export function BillingTag({ kind, status }: { kind: BillingTagKind; status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status] ?? 'default'} data-status={status} data-testid={`tag-${kind}`}>
      {t(`billing.status.${kind}.${status}`, status)}
    </Tag>
  );
}
