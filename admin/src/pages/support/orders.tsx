// Order search for support (search_orders): by order number, customer phone or name, across every
// tenant or one; each hit links to its tenant.
import { List } from '@refinedev/antd';
import { Form, Input, Select, Space, Table, Tag, Typography, Button } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { useRpcQuery } from '../../lib/useRpc';
import { describeError } from '../../lib/errors';
import type { SupportOrderHitRow } from '../../types/rows';
import { useTenantOptions } from '../billing/invoices/list';

export function OrderSearch() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tenants = useTenantOptions(lang);
  const [args, setArgs] = useState<{ query: string; for_tenant: string | null } | null>(null);
  const { data, isFetching, error } = useRpcQuery<SupportOrderHitRow[]>('search_orders', { ...args, max_rows: 100 },
    { enabled: !!args, retry: false });
  const onFinish = (v: { query?: string; tenant?: string }) => setArgs({ query: (v.query ?? '').trim(), for_tenant: v.tenant ?? null });
  return (
    <List title={t('support.orders.title')}>
      <Form layout="inline" onFinish={onFinish} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="query" rules={[{ max: 100, message: t('support.validation.search') }]}>
          <Input allowClear placeholder={t('support.orders.placeholder')} style={{ width: 300, maxWidth: '80vw' }} data-testid="orders-query" />
        </Form.Item>
        <Form.Item name="tenant">
          <Select allowClear showSearch optionFilterProp="label" placeholder={t('support.fields.tenant')} options={tenants} style={{ width: 240, maxWidth: '80vw' }} data-testid="orders-tenant" />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="orders-search">{t('support.orders.search')}</Button>
      </Form>
      <Typography.Paragraph type="secondary">{t('support.orders.hint')}</Typography.Paragraph>
      {error && <Typography.Text type="danger" data-testid="orders-error">{describeError(error, t).title}</Typography.Text>}
      <Table<SupportOrderHitRow> rowKey="id" size="small" loading={isFetching} dataSource={data ?? []} data-testid="orders-table" scroll={{ x: 800 }}
        columns={[
          { title: t('support.orders.number'), dataIndex: 'number', render: (n: string) => <Typography.Text code>{n}</Typography.Text> },
          { title: t('support.fields.tenant'), dataIndex: 'tenant_slug', render: (s: string, r) => <Link to={`/tenants/show/${r.tenant_id}`}>{s}</Link> },
          { title: t('support.orders.customer'), dataIndex: 'customer_name', render: (n: string, r) => <Space direction="vertical" size={0}>{n}<span dir="ltr">{r.customer_phone}</span></Space> },
          { title: t('support.orders.stage'), dataIndex: 'current_stage', render: (s: string) => <Tag>{s}</Tag> },
          { title: t('support.orders.created'), dataIndex: 'created_at', render: (d: string) => formatDateTime(d, lang) },
        ]} />
    </List>
  );
}
