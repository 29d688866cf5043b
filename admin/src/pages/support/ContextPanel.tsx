// The tenant context panel beside a ticket: one call to support_tenant_context (plan and
// entitlements, lifecycle status and health, open invoices and dunning, recent and stuck orders,
// recent audit actions, workflow versions, catalog release, recent client errors, other tickets),
// each part linking to its screen; and a read-only impersonation with the ticket as the reason.
import { useCan } from '@refinedev/core';
import { Alert, Button, Card, Collapse, Descriptions, Empty, List as AntList, Popconfirm, Space, Tag, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { StatusTag } from '../../components/StatusTag';
import { actionLabel } from '../../lib/auditLabels';
import { formatDate, formatDateTime, formatNumber, localName } from '../../lib/format';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import { TicketStatusTag } from './common';

type J = Record<string, any>;
export interface TenantContext {
  tenant: J; health: J | null; plan: J | null; entitlements: J | null; open_invoices: J[]; dunning: J[];
  recent_orders: J[]; stuck_orders: J[]; recent_audit: J[]; workflows: J[]; catalog: J | null; recent_client_errors: J[]; tickets: J[];
}

/** The features a tenant has (entitlements.features): on-switches by name, values as name: value; off ones left out. */
export function entitlementTags(entitlements: J | null | undefined): string[] {
  const features = (entitlements?.features ?? {}) as Record<string, unknown>;
  return Object.entries(features).filter(([, v]) => v !== false && v !== null)
    .map(([k, v]) => (v === true ? k : `${k}: ${typeof v === 'object' ? JSON.stringify(v).slice(0, 40) : String(v)}`)).sort();
}

function Impersonate({ tenantId, ticketId, subject, status }: { tenantId: string; ticketId: number; subject: string; status: string }) {
  const { t } = useTranslation();
  const { data: can } = useCan({ resource: 'tenants', action: 'impersonate' });
  const start = useRpcMutation('start_impersonation', { successKey: 'impersonation.started' });
  if (!can?.can || ['draft', 'churned'].includes(status)) return null;
  return (
    <Popconfirm title={t('support.context.impersonate_confirm')} okText={t('impersonation.start')} cancelText={t('buttons.cancel')}
      okButtonProps={{ 'data-testid': 'ctx-impersonate-ok' } as any}
      onConfirm={() => start.mutateAsync({ tenant_id: tenantId, mode: 'read_only', minutes: 15,
        reason: `${t('support.context.impersonate_reason', { id: ticketId })}: ${subject}`.slice(0, 500) }).catch(() => undefined)}>
      <Button size="small" icon={<EyeOutlined />} loading={start.isPending} data-testid="ctx-impersonate">{t('support.context.impersonate')}</Button>
    </Popconfirm>
  );
}

export function ContextPanel({ tenantId, ticketId, subject }: { tenantId: string; ticketId: number; subject: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: c, isLoading, isError } = useRpcQuery<TenantContext>('support_tenant_context', { tenant_id: tenantId });
  if (isError) return <Alert type="error" showIcon message={t('support.load_failed')} />;
  if (isLoading || !c) return <Card loading size="small" />;
  const ent = entitlementTags(c.entitlements);
  const stuck = new Set(c.stuck_orders.map((o) => o.id));
  const none = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('support.context.none')} />;
  const items = [
    { key: 'billing', label: `${t('support.context.billing')} (${formatNumber(c.open_invoices.length, lang)})`, children: (
      <Space direction="vertical" style={{ width: '100%' }}>
        {c.open_invoices.length === 0 ? none : c.open_invoices.map((i) => (
          <div key={i.id}><Link to={`/billing/invoices/show/${i.id}`}>{i.number ?? '—'}</Link>{' · '}
            {formatNumber(i.amount_due, lang)} {i.currency} · {t('support.context.due')} {formatDate(i.due_date, lang)}</div>
        ))}
        {c.dunning.map((d) => (
          <Tag key={d.id} color="red" data-testid="ctx-dunning">{t(`billing.status.dunning.${d.stage}`, String(d.stage))}</Tag>
        ))}
      </Space>) },
    { key: 'orders', label: `${t('support.context.orders')} (${formatNumber(c.recent_orders.length, lang)})`, children: c.recent_orders.length === 0 ? none : (
      <AntList size="small" dataSource={c.recent_orders} renderItem={(o) => (
        <AntList.Item>
          <Space wrap size={4}>
            <Typography.Text code>{o.number}</Typography.Text>
            <Tag>{o.stage}</Tag>
            {stuck.has(o.id) && <Tag color="orange" data-testid="ctx-stuck">{t('support.context.stuck')}</Tag>}
            <Typography.Text type="secondary">{formatDateTime(o.created_at, lang)}</Typography.Text>
          </Space>
        </AntList.Item>)} />) },
    { key: 'stuck', label: `${t('support.context.stuck_orders')} (${formatNumber(c.stuck_orders.length, lang)})`, children: c.stuck_orders.length === 0 ? none : (
      <AntList size="small" dataSource={c.stuck_orders} data-testid="ctx-stuck-orders" renderItem={(o) => (
        <AntList.Item>
          <Space wrap size={4}>
            <Typography.Text code>{o.number}</Typography.Text>
            <Tag>{o.stage}</Tag>
            <Tag color="orange">{t('support.context.overdue', { n: formatNumber(Math.round(o.overdue_minutes), lang) })}</Tag>
          </Space>
        </AntList.Item>)} />) },
    { key: 'audit', label: t('support.context.audit'), children: c.recent_audit.length === 0 ? none : (
      <AntList size="small" dataSource={c.recent_audit} renderItem={(a) => (
        <AntList.Item><Space direction="vertical" size={0}>
          <span>{actionLabel(a.action, t)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(a.occurred_at, lang)}</Typography.Text>
        </Space></AntList.Item>)} />) },
    { key: 'workflow', label: t('support.context.workflow'), children: (
      <Space direction="vertical">
        {c.workflows.length === 0 ? none : c.workflows.map((w) => (
          <div key={w.template}>{w.template} · v{formatNumber(w.version, lang)}{w.conflicts > 0 && <Tag color="orange">{t('support.context.conflicts', { n: w.conflicts })}</Tag>}</div>
        ))}
        <div>{t('support.context.catalog')}: {c.catalog ? `#${formatNumber(c.catalog.release_no, lang)} (${c.catalog.status})` : '—'}</div>
      </Space>) },
    { key: 'errors', label: `${t('support.context.errors')} (${formatNumber(c.recent_client_errors.length, lang)})`, children: c.recent_client_errors.length === 0 ? none : (
      <AntList size="small" dataSource={c.recent_client_errors} renderItem={(e) => (
        <AntList.Item><Space direction="vertical" size={0} style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: e.message }} style={{ maxWidth: 300 }} dir="ltr">{e.app}: {e.message}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(e.occurred_at, lang)}{e.ticket_id ? ` · #${e.ticket_id}` : ''}</Typography.Text>
        </Space></AntList.Item>)} />) },
    { key: 'tickets', label: t('support.context.tickets'), children: (
      <Space direction="vertical">
        {c.tickets.filter((k) => k.id !== ticketId).map((k) => (
          <Space key={k.id} size={4} wrap><Link to={`/support/tickets/${k.id}`}>#{formatNumber(k.id, lang)} {k.subject}</Link><TicketStatusTag status={k.status} /></Space>
        ))}
      </Space>) },
  ];
  return (
    <Card size="small" title={t('support.context.title')} data-testid="context-panel"
      extra={<Impersonate tenantId={tenantId} ticketId={ticketId} subject={subject} status={c.tenant.status} />}>
      <Descriptions size="small" column={1} colon={false}>
        <Descriptions.Item label={t('support.fields.tenant')}>
          <Link to={`/tenants/show/${c.tenant.id}`} data-testid="ctx-tenant">{localName(c.tenant.name, lang) || c.tenant.slug}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('support.context.status')}><span data-testid="ctx-status"><StatusTag status={c.tenant.status} /></span></Descriptions.Item>
        <Descriptions.Item label={t('support.context.health')}>
          <span data-testid="ctx-health">{c.health ? formatNumber(c.health.score, lang) : '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('support.context.plan')}>
          <span data-testid="ctx-plan">{c.plan ? `${localName(c.plan.name, lang) || c.plan.code} v${formatNumber(c.plan.version, lang)}` : '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('support.context.timezone')}><span dir="ltr">{c.tenant.timezone}</span></Descriptions.Item>
      </Descriptions>
      {ent.length > 0 && (
        <Space wrap size={[4, 4]} style={{ marginBottom: 8 }} data-testid="ctx-entitlements">
          {ent.map((x) => <Tag key={x} style={{ marginInlineEnd: 0 }}>{x}</Tag>)}
        </Space>
      )}
      <Collapse size="small" items={items} defaultActiveKey={['billing', 'stuck']} />
    </Card>
  );
}
