import { List, useTable, useSelect } from '@refinedev/antd';
import { getDefaultFilter, type CrudFilters } from '@refinedev/core';
import { Alert, Button, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { DiffTable, JsonView } from '../../components/JsonView';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useState } from 'react';
import { VISUALLY_HIDDEN } from '../../lib/a11y';
import { useQuery } from '@tanstack/react-query';
import { rpc, SUPABASE_URL } from '../../providers/supabase';
import { describeError } from '../../lib/errors';
import { useStaffNames } from '../../lib/useStaffNames';
import { actionLabel, entityLabel, reasonText } from '../../lib/auditLabels';
import type { AuditRow } from '../../types/rows';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';
export type { AuditRow };


/** A head published outside the database, as the sink returns it. */
export interface PublishedHead { seq: number; hash: string; published_at?: string }

export interface ChainStatus {
  ok: boolean; chain_ok: boolean; mode: 'incremental' | 'full'; from_seq: number; checked: number; head_seq: number | null;
  first_broken_id: number | null; first_broken_seq: number | null; reason: string | null; checked_at: string; checkpoints_ok: boolean;
  published: (PublishedHead & { ok: boolean; kind: 'matches' | 'cut' | 'rewritten'; first_missing_seq: number | null; reason: string | null }) | null;
}

interface AuditSearch {
  actor_id?: string; tenant_id?: string; entity_type?: string; entity_id?: string; action?: string; range?: [Dayjs, Dayjs] | null;
}

/** Where the audit chain's head is published (read back to compare with the chain). */
export const AUDIT_HEAD_URL: string = import.meta.env.VITE_AUDIT_HEAD_URL ?? `${SUPABASE_URL}/devstack/v1/audit-heads/latest`;

export const ENTITY_TYPES = ['tenant', 'tenant_settings', 'staff', 'impersonation'];

/** The audit viewer's filters. */
export function auditFilters(v: AuditSearch): CrudFilters {
  const f: CrudFilters = [];
  if (v.actor_id) f.push({ field: 'actor_id', operator: 'eq', value: v.actor_id });
  if (v.tenant_id) f.push({ field: 'tenant_id', operator: 'eq', value: v.tenant_id });
  if (v.entity_type) f.push({ field: 'entity_type', operator: 'eq', value: v.entity_type });
  if (v.entity_id?.trim()) f.push({ field: 'entity_id', operator: 'eq', value: v.entity_id.trim() });
  if (v.action?.trim()) f.push({ field: 'action', operator: 'contains', value: v.action.trim() });
  if (v.range?.[0]) f.push({ field: 'occurred_at', operator: 'gte', value: v.range[0].startOf('day').toISOString() });
  if (v.range?.[1]) f.push({ field: 'occurred_at', operator: 'lte', value: v.range[1].endOf('day').toISOString() });
  return f;
}

/**
 * The chain's head as last published outside the database (devstack: the gateway's sink; production:
 * VITE_AUDIT_HEAD_URL). null when nothing was published yet or the sink cannot be reached: the status
 * then says the comparison was not made.
 */
export async function fetchPublishedHead(url = AUDIT_HEAD_URL): Promise<PublishedHead | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return null;
    const head = await res.json();
    return Number.isSafeInteger(head?.seq) && typeof head?.hash === 'string' ? { seq: head.seq, hash: head.hash, published_at: head.published_at } : null;
  } catch {
    return null;
  }
}

/** What the status alert says about the published head. */
export function publishedLine(data: ChainStatus, t: (k: string, o?: any) => string, lang: string): string {
  const p = data.published;
  if (!p) return t('audit_log.chain.published_unknown');
  if (p.ok) return t('audit_log.chain.published_ok', { seq: formatNumber(p.seq, lang), when: p.published_at ? formatDateTime(p.published_at, lang) : '—' });
  return p.kind === 'rewritten' ? t('audit_log.chain.published_rewritten', { seq: formatNumber(p.seq, lang) })
    : t('audit_log.chain.published_cut', { seq: formatNumber(p.seq, lang), missing: formatNumber(p.first_missing_seq ?? 0, lang) });
}

function ChainStatusCard() {
  const { t, i18n } = useTranslation();
  const [full, setFull] = useState(false);
  const { data, error, refetch, isFetching } = useQuery<ChainStatus, any>({
    queryKey: ['rpc', 'audit_chain_status', { full }],
    queryFn: async () => rpc<ChainStatus>('audit_chain_status', { published: await fetchPublishedHead(), full_chain: full }),
    staleTime: 60_000,
  });
  const action = (
    <Space>
      <Button size="small" icon={<SafetyCertificateOutlined />} loading={isFetching && !full}
        onClick={() => (full ? setFull(false) : refetch())}>{t('audit_log.chain.verify')}</Button>
      <Button size="small" data-testid="chain-verify-full" loading={isFetching && full}
        onClick={() => (full ? refetch() : setFull(true))}>{t('audit_log.chain.verify_full')}</Button>
    </Space>
  );
  if (error) return <Alert type="warning" showIcon message={describeError(error, t).title} action={action} style={{ marginBottom: 16 }} />;
  if (!data) return null;
  const ok = data.ok && data.checkpoints_ok;
  return (
    <Alert data-testid="chain-status" data-ok={ok ? 'true' : 'false'} type={ok ? 'success' : 'error'} showIcon style={{ marginBottom: 16 }}
      message={!data.chain_ok ? t('audit_log.chain.broken', { id: data.first_broken_id ?? '—', seq: data.first_broken_seq ?? '—' })
        : data.published && !data.published.ok ? t('audit_log.chain.cut')
        : t(data.mode === 'full' ? 'audit_log.chain.ok_full' : 'audit_log.chain.ok',
            { count: formatNumber(data.checked, i18n.language) as any, head: formatNumber(data.head_seq ?? 0, i18n.language) })}
      description={
        <span data-testid="chain-published">{[
          !data.chain_ok && data.reason,
          publishedLine(data, t, i18n.language),
          !data.checkpoints_ok && t('audit_log.chain.checkpoints_mismatch'),
          t('audit_log.chain.checked_at', { when: formatDateTime(data.checked_at, i18n.language) }),
        ].filter(Boolean).join(' · ')}</span>}
      action={action} />
  );
}

export function AuditList() {
  const { t, i18n } = useTranslation();
  const { tableProps, searchFormProps, filters, sorters } = useTable<AuditRow, any, AuditSearch>({
    resource: 'audit_log',
    sorters: { initial: [{ field: 'id', order: 'desc' }] },
    filters: { defaultBehavior: 'replace' },
    pagination: { pageSize: 20 },
    onSearch: auditFilters,
    syncWithLocation: true,
  });
  const { selectProps: tenantSelect } = useSelect({
    resource: 'tenants', optionLabel: 'slug', optionValue: 'id',
    defaultValue: getDefaultFilter('tenant_id', filters, 'eq'),
    onSearch: (v) => [{ field: 'slug', operator: 'contains', value: v }],
  });
  const { selectProps: staffSelect } = useSelect({
    resource: 'platform_staff', optionLabel: 'email', optionValue: 'user_id',
    onSearch: (v) => [{ field: 'email', operator: 'contains', value: v }],
  });
  const rows = (tableProps.dataSource ?? []) as AuditRow[];
  const names = useStaffNames(rows.map((r) => r.actor_id));
  const gte = getDefaultFilter('occurred_at', filters, 'gte');
  const lte = getDefaultFilter('occurred_at', filters, 'lte');
  const csvColumns: CsvColumn<AuditRow>[] = [
    { title: '#', value: (r) => r.id },
    { title: t('audit_log.fields.occurred_at'), value: (r) => r.occurred_at },
    { title: t('audit_log.fields.action'), value: (r) => actionLabel(r.action, t) },
    { title: t('audit_log.fields.action_code'), value: (r) => r.action },
    { title: t('audit_log.fields.actor'), value: (r) => r.actor_id ?? t('common.system') },
    { title: t('audit_log.fields.actor_role'), value: (r) => (r.actor_role ? t(`staff.roles.${r.actor_role}`, r.actor_role) : '') },
    { title: t('audit_log.fields.tenant'), value: (r) => r.tenant_id },
    { title: t('audit_log.fields.entity_type'), value: (r) => entityLabel(r.entity_type, t) },
    { title: t('audit_log.fields.entity_id'), value: (r) => r.entity_id },
    { title: t('common.reason'), value: (r) => (r.reason ? reasonText(r.reason, t) : '') },
    { title: t('audit_log.fields.changed'), value: (r) => (r.diff && typeof r.diff === 'object' ? Object.keys(r.diff as object).join(' ') : '') },
    { title: t('audit_log.fields.impersonation'), value: (r) => r.impersonation_id },
    { title: t('audit_log.fields.trace'), value: (r) => r.trace_id },
  ];
  return (
    <List headerButtons={<ExportCsvButton list="audit-log" columns={csvColumns} source={{ resource: 'audit_log', filters, sorters }} />}>
      <ChainStatusCard />
      <Form {...searchFormProps} layout="vertical" data-testid="audit-filters"
        initialValues={{
          actor_id: getDefaultFilter('actor_id', filters, 'eq'), tenant_id: getDefaultFilter('tenant_id', filters, 'eq'),
          entity_type: getDefaultFilter('entity_type', filters, 'eq'), entity_id: getDefaultFilter('entity_id', filters, 'eq'),
          action: getDefaultFilter('action', filters, 'contains'), range: gte || lte ? [gte ? dayjs(gte) : null, lte ? dayjs(lte) : null] : undefined,
        }}>
        <Row gutter={12}>
          <Col xs={24} md={8} lg={4}><Form.Item name="actor_id" label={t('audit_log.fields.actor')}>
            <Select {...staffSelect} allowClear showSearch data-testid="audit-actor" /></Form.Item></Col>
          <Col xs={24} md={8} lg={4}><Form.Item name="tenant_id" label={t('audit_log.fields.tenant')}>
            <Select {...tenantSelect} allowClear showSearch data-testid="audit-tenant" /></Form.Item></Col>
          <Col xs={24} md={8} lg={3}><Form.Item name="entity_type" label={t('audit_log.fields.entity_type')}>
            <Select allowClear options={ENTITY_TYPES.map((e) => ({ value: e, label: entityLabel(e, t) }))} /></Form.Item></Col>
          <Col xs={24} md={8} lg={4}><Form.Item name="entity_id" label={t('audit_log.fields.entity_id')}>
            <Input allowClear dir="ltr" /></Form.Item></Col>
          <Col xs={24} md={8} lg={3}><Form.Item name="action" label={t('audit_log.fields.action')}>
            <Input allowClear dir="ltr" placeholder="tenant." data-testid="audit-action" /></Form.Item></Col>
          <Col xs={24} md={16} lg={6}>
            {/* Two inputs, each with its name for screen readers: "Dates from", "Dates to" */}
            <Form.Item name="range" htmlFor="audit-range-from"
              label={<>{t('audit_log.fields.range')}<span style={VISUALLY_HIDDEN}> {t('audit_log.fields.range_from')}</span></>}>
              <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} id={{ start: 'audit-range-from', end: 'audit-range-to' }} />
            </Form.Item>
            <label htmlFor="audit-range-to" style={VISUALLY_HIDDEN}>{`${t('audit_log.fields.range')} ${t('audit_log.fields.range_to')}`}</label>
          </Col>
        </Row>
        <Space style={{ marginBottom: 16 }}>
          <Button type="primary" htmlType="submit" data-testid="audit-search">{t('buttons.filter')}</Button>
          <Button onClick={() => { searchFormProps.form?.resetFields(); searchFormProps.form?.setFieldsValue({ actor_id: undefined, tenant_id: undefined, entity_type: undefined, entity_id: undefined, action: undefined, range: undefined }); searchFormProps.form?.submit(); }}>
            {t('buttons.clear')}</Button>
        </Space>
      </Form>
      <Table {...tableProps} rowKey="id" size="small" data-testid="audit-table" scroll={{ x: 1000 }}
        expandable={{ expandedRowRender: (r: AuditRow) => (
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('audit_log.fields.diff')}><DiffTable diff={r.diff} /></Descriptions.Item>
            <Descriptions.Item label={t('audit_log.fields.before')}><JsonView value={r.before} maxHeight={200} /></Descriptions.Item>
            <Descriptions.Item label={t('audit_log.fields.after')}><JsonView value={r.after} maxHeight={200} /></Descriptions.Item>
            <Descriptions.Item label={t('audit_log.fields.impersonation')}>{r.impersonation_id ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('audit_log.fields.trace')}>{r.trace_id ?? '—'} · {r.ip ?? '—'} · {r.user_agent ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('audit_log.fields.seq')}>{formatNumber(r.seq, i18n.language)} · {t('audit_log.hash_version', { version: r.hash_version })}</Descriptions.Item>
            <Descriptions.Item label={t('audit_log.fields.hash')}><Typography.Text code style={{ fontSize: 11 }}>{r.hash}</Typography.Text></Descriptions.Item>
          </Descriptions>
        ) }}>
        <Table.Column dataIndex="id" title="#" sorter />
        <Table.Column dataIndex="occurred_at" title={t('audit_log.fields.occurred_at')} sorter render={(v) => formatDateTime(v, i18n.language)} />
        <Table.Column dataIndex="action" title={t('audit_log.fields.action')} onCell={() => ({ style: { whiteSpace: 'nowrap' } })}
          render={(v: string, r: AuditRow) => (
            <Space size={4}><span data-testid="audit-action-label">{actionLabel(v, t)}</span>
              <Typography.Text code dir="ltr" type="secondary" style={{ fontSize: 11 }} data-testid="audit-action-cell">{v}</Typography.Text>
              {r.impersonation_id && <Tag color="red">{t('audit_log.impersonated')}</Tag>}</Space>
          )} />
        <Table.Column key="actor" title={t('audit_log.fields.actor')} render={(_, r: AuditRow) => (
          <Space size={4}>
            <span>{r.actor_id ? names.get(r.actor_id) ?? r.actor_id.slice(0, 8) : t('common.system')}</span>
            {r.actor_id && r.actor_role && <Tag>{t(`staff.roles.${r.actor_role}`, r.actor_role)}</Tag>}
          </Space>
        )} />
        <Table.Column key="entity" title={t('audit_log.fields.entity')} render={(_, r: AuditRow) => (
          <span>{entityLabel(r.entity_type, t)} <Typography.Text type="secondary" style={{ fontSize: 11 }} dir="ltr">{r.entity_id?.slice(0, 8)}</Typography.Text></span>
        )} />
        <Table.Column dataIndex="reason" title={t('common.reason')} render={(v: string | null) => (v ? reasonText(v, t) : '—')} />
        <Table.Column key="changed" title={t('audit_log.fields.changed')} render={(_, r: AuditRow) => {
          const keys = r.diff && typeof r.diff === 'object' ? Object.keys(r.diff as object) : [];
          return keys.length ? keys.slice(0, 4).map((k) => <Tag key={k}>{k}</Tag>) : '—';
        }} />
      </Table>
    </List>
  );
}
