// The support inbox: views (mine, unassigned, by group, breaching soon, open, all) with their counts,
// filters (status, priority, category, tenant, assignee, tag), and each ticket's SLA state as the SQL
// computed it (support_inbox); a click opens the ticket.
import { List } from '@refinedev/antd';
import { Badge, Button, Card, Col, Form, Grid, Input, Row, Segmented, Select, Space, Table, Typography } from 'antd';
import { FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber, localName } from '../../lib/format';
import { useRpcQuery } from '../../lib/useRpc';
import { useStaffNames } from '../../lib/useStaffNames';
import { Ellipsis } from '../../components/Ellipsis';
import type { SupportInboxRow } from '../../types/rows';
import { useTenantOptions } from '../billing/invoices/list';
import { CATEGORIES, PRIORITIES, STATUSES, VIEWS, inboxArgs, type Agent, type InboxFilters, type InboxView } from './model';
import { PriorityTag, SlaTag, TicketStatusTag, useSupportWrite } from './common';
import { OpenTicketModal } from './OpenTicketModal';
import { UnmatchedMail } from './UnmatchedMail';

export interface InboxCounts {
  views: Record<string, number>;
  groups: { code: string; name: { en?: string; ar?: string }; open: number }[];
  agents: Agent[];
}

export function SupportInbox() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const canWrite = useSupportWrite();
  const [view, setView] = useState<InboxView>('open');
  const [filters, setFilters] = useState<InboxFilters>({});
  const [opening, setOpening] = useState(false);
  // on a phone the filters fold away behind one button: the tickets come first
  const wide = Grid.useBreakpoint().md ?? true;
  const [showFilters, setShowFilters] = useState(false);
  const active = Object.values(filters).filter((x) => x !== undefined && x !== '' && !(Array.isArray(x) && x.length === 0)).length;
  const tenants = useTenantOptions(lang);
  const { data: counts } = useRpcQuery<InboxCounts>('support_inbox_counts', undefined, { refetchInterval: 30_000 });
  const groups = counts?.groups ?? [];
  const group = view === 'group' ? (filters.group_code ?? groups[0]?.code) : filters.group_code;
  const args = inboxArgs(view, { ...filters, group_code: group });
  const { data: rows, isLoading, isError } = useRpcQuery<SupportInboxRow[]>('support_inbox', args,
    { enabled: view !== 'group' || !!group, refetchInterval: 30_000 });
  const names = useStaffNames((rows ?? []).map((r) => r.assignee_id));
  const agents = [...new Map((counts?.agents ?? []).map((a) => [a.staff_id, a])).values()];
  const viewLabel = (v: InboxView) => (
    <span data-testid={`inbox-view-${v}`}>
      {t(`support.views.${v}`)}{' '}
      {counts?.views[v] !== undefined && <Badge count={formatNumber(counts.views[v] ?? 0, lang)} showZero color={v === 'breaching' && counts.views[v] ? 'red' : 'gray'} />}
    </span>
  );
  return (
    <List title={t('support.inbox.title')} headerButtons={canWrite ? [
      <Button key="open" type="primary" icon={<PlusOutlined />} data-testid="open-ticket" onClick={() => setOpening(true)}>{t('support.ticket.open')}</Button>,
    ] : []}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <div style={{ overflowX: 'auto' }}>
          <Segmented value={view} onChange={(v) => setView(v as InboxView)} data-testid="inbox-views"
            options={VIEWS.map((v) => ({ value: v, label: viewLabel(v) }))} />
        </div>
        {!wide && (
          <Button icon={<FilterOutlined />} onClick={() => setShowFilters((x) => !x)} data-testid="inbox-filters-toggle">
            {t('support.inbox.filters')} {active > 0 && <Badge count={formatNumber(active, lang)} color="blue" />}
          </Button>
        )}
        <Card size="small" style={wide || showFilters ? undefined : { display: 'none' }}>
          <Form layout="vertical" onValuesChange={(_, all) => setFilters(all)}>
            <Row gutter={[12, 0]}>
              {view === 'group' && (
                <Col xs={24} sm={12} lg={6}>
                  <Form.Item name="group_code" label={t('support.fields.group')}>
                    <Select data-testid="filter-group" placeholder={groups[0] ? localName(groups[0].name, lang) : ''}
                      options={groups.map((g) => ({ value: g.code, label: `${localName(g.name, lang)} (${formatNumber(g.open, lang)})` }))} />
                  </Form.Item>
                </Col>
              )}
              <Col xs={24} sm={12} lg={6}>
                <Form.Item name="statuses" label={t('support.fields.status')}>
                  <Select mode="multiple" allowClear data-testid="filter-status"
                    options={STATUSES.map((s) => ({ value: s, label: t(`support.status.${s}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6} lg={3}>
                <Form.Item name="priority" label={t('support.fields.priority')}>
                  <Select allowClear data-testid="filter-priority" options={PRIORITIES.map((p) => ({ value: p, label: t(`support.priority.${p}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6} lg={3}>
                <Form.Item name="category" label={t('support.fields.category')}>
                  <Select allowClear data-testid="filter-category" options={CATEGORIES.map((c) => ({ value: c, label: t(`support.category.${c}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={6}>
                <Form.Item name="tenant_id" label={t('support.fields.tenant')}>
                  <Select allowClear showSearch optionFilterProp="label" options={tenants} data-testid="filter-tenant" />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6} lg={3}>
                <Form.Item name="assignee_id" label={t('support.fields.assignee')}>
                  <Select allowClear data-testid="filter-assignee"
                    options={agents.map((a) => ({ value: a.staff_id, label: a.name || a.email }))} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6} lg={3}>
                <Form.Item name="tag" label={t('support.fields.tag')}>
                  <Input allowClear data-testid="filter-tag" />
                </Form.Item>
              </Col>
            </Row>
          </Form>
        </Card>
        {isError && <Typography.Text type="danger">{t('support.load_failed')}</Typography.Text>}
        <Table<SupportInboxRow> rowKey="id" size="small" loading={isLoading} dataSource={rows ?? []} data-testid="inbox-table"
          scroll={{ x: 900 }} pagination={{ pageSize: 50, hideOnSinglePage: true }}
          onRow={(r) => ({ onClick: () => navigate(`/support/tickets/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': `inbox-row-${r.id}` } as any)}
          columns={[
            { title: '#', dataIndex: 'id', width: 70, render: (id: number) => <Link to={`/support/tickets/${id}`}>{formatNumber(id, lang)}</Link> },
            { title: t('support.fields.subject'), dataIndex: 'subject', render: (s: string) => <Ellipsis text={s} width={280} /> },
            { title: t('support.fields.tenant'), dataIndex: 'tenant_name', render: (n, r) => <Ellipsis text={localName(n, lang) || r.tenant_slug} width={180} /> },
            { title: t('support.fields.status'), dataIndex: 'status', width: 130, render: (s: string) => <TicketStatusTag status={s} /> },
            { title: t('support.fields.priority'), dataIndex: 'priority', width: 100, render: (p: string) => <PriorityTag priority={p} /> },
            { title: t('support.fields.sla'), dataIndex: 'sla_state', width: 170,
              render: (s: string, r) => <Space size={2} direction="vertical"><SlaTag state={s} due={r.next_due_at} />
                {r.next_due_at && s !== 'done' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(r.next_due_at, lang)}</Typography.Text>}</Space> },
            { title: t('support.fields.assignee'), dataIndex: 'assignee_id', width: 160,
              render: (a: string | null) => a ? <Ellipsis text={names.get(a) ?? a.slice(0, 8)} width={150} /> : <Typography.Text type="secondary">{t('support.unassigned')}</Typography.Text> },
            { title: t('support.fields.updated'), dataIndex: 'updated_at', width: 170, render: (d: string) => formatDateTime(d, lang) },
          ]} />
        <UnmatchedMail canWrite={canWrite} />
      </Space>
      <OpenTicketModal open={opening} onClose={() => setOpening(false)} />
    </List>
  );
}
