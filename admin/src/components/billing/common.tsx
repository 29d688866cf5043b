// Small shared pieces of the billing screens.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Typography } from 'antd';
import { localName } from '../../lib/format';
import { Ellipsis } from '../Ellipsis';
import type { TenantRef } from '../../types/rows';
export type { TenantRef };


/** An amount (already formatted) that never breaks across lines: "OMR / 1.500" is unreadable in a narrow column. */
export function Amount({ children, strong, testId }: { children: ReactNode; strong?: boolean; testId?: string }) {
  return <Typography.Text dir="ltr" strong={strong} style={{ whiteSpace: 'nowrap' }} data-testid={testId}>{children}</Typography.Text>;
}

/** Text kept on one line (dates, references). */
export const nowrap = (children: ReactNode) => <span style={{ whiteSpace: 'nowrap' }}>{children}</span>;

/** The tenant as a link to its page (billing tab). */
export function TenantLink({ tenant, lang }: { tenant: TenantRef | null | undefined; lang: string }) {
  if (!tenant) return <Typography.Text type="secondary">—</Typography.Text>;
  const name = localName(tenant.name, lang) || tenant.slug;
  // one line, cut with the full name on hover: a long name no longer pushes the other columns away
  return (
    <Link to={`/tenants/show/${tenant.id}`} data-testid={`tenant-link-${tenant.slug}`}>
      <Ellipsis text={name} width={220} style={{ color: 'inherit' }} />
    </Link>
  );
}

/** An invoice number (or "draft") as a link to its detail page. */
export function InvoiceLink({ invoice, draftLabel }: { invoice: { id: string; number: string | null } | null | undefined; draftLabel: string }) {
  if (!invoice) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Link to={`/billing/invoices/show/${invoice.id}`} data-testid={`invoice-link-${invoice.number ?? invoice.id}`}>
      <Typography.Text code dir="ltr" style={{ whiteSpace: 'nowrap' }}>{invoice.number ?? draftLabel}</Typography.Text>
    </Link>
  );
}

/** PostgREST embeds a to-one relation as an object (or, through some paths, a one-element array). */
export const one = <T,>(v: T | T[] | null | undefined): T | null => (Array.isArray(v) ? v[0] ?? null : v ?? null);

export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'suspended', 'cancelled'] as const;
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'] as const;
export const EVENT_STATUSES = ['received', 'applied', 'ignored', 'failed'] as const;
export const DUNNING_STAGES = ['retrying', 'warned', 'past_due', 'suspended'] as const;
export const CLOSED_DUNNING_STAGES = ['recovered', 'written_off'] as const;
export const CREDIT_NOTE_METHODS = ['reduce_amount_due', 'refund', 'customer_balance'] as const;
export const LINE_KINDS = ['plan', 'add_on', 'proration', 'overage', 'adjustment'] as const;
export const BILLING_REASONS = ['subscription_create', 'subscription_cycle', 'subscription_update', 'manual'] as const;
export const TAX_TREATMENTS = ['standard', 'reverse_charge', 'exempt'] as const;
export const COUPON_DURATIONS = ['once', 'repeating', 'forever'] as const;
export const GATEWAYS = ['stripe', 'paytabs', 'hyperpay'] as const;
/** Where a payment can come from: the gateways plus bank transfers recorded by hand. */
export const PAYMENT_GATEWAYS = [...GATEWAYS, 'manual'] as const;

/**
 * dunning_cases.last_result is an English phrase written by SQL ('retry skipped (caught up)',
 * 'invoice void', 'error: …'); this turns the known ones into a translation key suffix.
 */
export const lastResultKey = (s: string) => s.toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_+|_+$/g, '');
