// Webhook endpoints: health (webhook_endpoint_health) with the endpoint's filter, create (secret
// shown once), enable/disable, rotate the secret (shown once), send a test event, and per endpoint
// its deliveries with replay of one delivery or of a time range.
import { useCan, useList } from '@refinedev/core';
import { Alert, Badge, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, SendOutlined, KeyOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import type { EventTypeRow, OnceSecret, WebhookEndpointRow, WebhookHealthRow } from '../../types/rows';
import { SecretOnce } from './SecretOnce';
import { Deliveries } from './deliveries';

export function EndpointsTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: can } = useCan({ resource: 'integrations', action: 'write' });
  const health = useRpcQuery<WebhookHealthRow[]>('webhook_endpoint_health', undefined, { refetchInterval: 10_000 });
  const { result: endpoints } = useList<WebhookEndpointRow>({ resource: 'webhook_endpoints', pagination: { mode: 'off' } });
  const byId = new Map((endpoints?.data ?? []).map((e) => [e.id, e]));
  const [secret, setSecret] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const update = useRpcMutation('update_webhook_endpoint', { successKey: 'integrations.endpoints.updated' });
  const rotate = useRpcMutation<OnceSecret>('rotate_webhook_secret');
  const test = useRpcMutation('send_test_webhook', { successKey: 'integrations.endpoints.test_sent' });
  const pct = (v: number | null) => (v === null ? '—' : `${formatNumber(Math.round(Number(v) * 1000) / 10, lang)}%`);
  return (
    <>
      {health.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={describeError(health.error, t).title} />}
      {can?.can && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} data-testid="endpoint-create"
          onClick={() => setCreating(true)}>{t('integrations.endpoints.create')}</Button>
      )}
      <Table<WebhookHealthRow> rowKey="endpoint_id" dataSource={health.data ?? []} loading={health.isLoading} size="small"
        pagination={false} scroll={{ x: 1250 }} data-testid="endpoints-table" locale={{ emptyText: t('integrations.endpoints.empty') }}
        onRow={(r) => ({ 'data-testid': `endpoint-${r.url}`, 'data-enabled': String(r.enabled) } as any)}>
        <Table.Column<WebhookHealthRow> title={t('integrations.endpoints.url')} dataIndex="url" width={300}
          render={(url: string, r) => (
            <Space direction="vertical" size={0}>
              <Space><Badge status={r.enabled ? 'success' : 'default'} /><Typography.Text code dir="ltr">{url}</Typography.Text></Space>
              <Typography.Text type="secondary">{byId.get(r.endpoint_id)?.description}</Typography.Text>
              {!r.enabled && <Tag data-testid="endpoint-disabled">{t('integrations.endpoints.disabled')}{r.disabled_reason ? `: ${r.disabled_reason}` : ''}</Tag>}
            </Space>
          )} />
        <Table.Column<WebhookHealthRow> title={t('integrations.endpoints.events')} key="events"
          render={(_, r) => (byId.get(r.endpoint_id)?.event_types ?? []).map((x) => <Tag key={x} dir="ltr">{x}</Tag>)} />
        <Table.Column<WebhookHealthRow> title={t('integrations.endpoints.success_rate')} dataIndex="success_rate" align="end" render={pct} />
        <Table.Column<WebhookHealthRow> title={t('integrations.endpoints.latency')} key="latency" align="end"
          render={(_, r) => (r.latency_p50_ms === null ? '—' : `${formatNumber(Number(r.latency_p50_ms), lang)} / ${formatNumber(Number(r.latency_p95_ms), lang)}`)} />
        <Table.Column<WebhookHealthRow> title={t('integrations.endpoints.queue')} dataIndex="queue_depth" align="end"
          render={(v: number) => formatNumber(Number(v), lang)} />
        <Table.Column<WebhookHealthRow> title={t('integrations.endpoints.last_success')} dataIndex="last_success_at"
          render={(v: string | null) => formatDateTime(v, lang)} />
        <Table.Column<WebhookHealthRow> title={t('integrations.endpoints.last_error')} dataIndex="last_error"
          render={(v: string | null, r) => v ? <Typography.Text type="danger" dir="ltr" ellipsis={{ tooltip: v }} style={{ maxWidth: 220 }}>
            {formatDateTime(r.last_error_at, lang)} {v}</Typography.Text> : '—'} />
        <Table.Column<WebhookHealthRow> title={t('table.actions')} key="actions"
          render={(_, r) => (
            <Space wrap>
              <Button size="small" icon={<UnorderedListOutlined />} data-testid="endpoint-deliveries"
                onClick={() => setOpen(r.endpoint_id)}>{t('integrations.endpoints.deliveries')}</Button>
              {can?.can && <>
                <Button size="small" icon={<SendOutlined />} data-testid="endpoint-test" loading={test.isPending}
                  onClick={() => test.mutateAsync({ p_endpoint_id: r.endpoint_id }).catch(() => undefined)}>{t('integrations.endpoints.test')}</Button>
                <Button size="small" data-testid="endpoint-toggle"
                  onClick={() => update.mutateAsync({ endpoint_id: r.endpoint_id, enabled: !r.enabled }).catch(() => undefined)}>
                  {r.enabled ? t('integrations.endpoints.disable') : t('integrations.endpoints.enable')}</Button>
                <Popconfirm title={t('integrations.endpoints.rotate_confirm')} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
                  okButtonProps={{ 'data-testid': 'rotate-ok' } as any}
                  onConfirm={() => rotate.mutateAsync({ endpoint_id: r.endpoint_id, overlap_hours: 24 })
                    .then((x) => setSecret(x.secret ?? null)).catch(() => undefined)}>
                  <Button size="small" icon={<KeyOutlined />} data-testid="endpoint-rotate">{t('integrations.endpoints.rotate')}</Button>
                </Popconfirm>
              </>}
            </Space>
          )} />
      </Table>
      <CreateEndpoint open={creating} onClose={() => setCreating(false)} onSecret={setSecret} />
      <Deliveries endpointId={open} canWrite={!!can?.can} onClose={() => setOpen(null)} />
      <SecretOnce value={secret} onClose={() => setSecret(null)} />
    </>
  );
}

type CreateForm = { url: string; event_types: string[]; description?: string };

function CreateEndpoint({ open, onClose, onSecret }: { open: boolean; onClose: () => void; onSecret: (s: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateForm>();
  const { result: types } = useList<EventTypeRow>({ resource: 'integration_event_types', pagination: { mode: 'off' },
    sorters: [{ field: 'type', order: 'asc' }], queryOptions: { enabled: open } });
  const create = useRpcMutation<OnceSecret>('create_webhook_endpoint', { successKey: 'integrations.endpoints.created' });
  // the filter accepts exact types, a prefix wildcard (order.*) or everything (*)
  const prefixes = [...new Set((types?.data ?? []).map((x) => `${x.type.split('.')[0]}.*`))];
  const options = ['*', ...prefixes, ...new Set((types?.data ?? []).map((x) => x.type))].map((v) => ({ value: v, label: v }));
  const submit = (v: CreateForm) => create.mutateAsync({ tenant_id: null, url: v.url, event_types: v.event_types, description: v.description ?? '' })
    .then((x) => { form.resetFields(); onClose(); if (x.secret) onSecret(x.secret); }).catch(() => undefined);
  return (
    <Modal open={open} title={t('integrations.endpoints.create')} onCancel={onClose} onOk={() => form.submit()}
      confirmLoading={create.isPending} okButtonProps={{ 'data-testid': 'endpoint-create-ok' } as any} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ event_types: ['*'] }}>
        <Form.Item name="url" label={t('integrations.endpoints.url')} rules={[{ required: true, type: 'url' }]}>
          <Input dir="ltr" placeholder="https://hooks.example.com/cleanmatex" data-testid="endpoint-url" />
        </Form.Item>
        <Form.Item name="event_types" label={t('integrations.endpoints.events')} rules={[{ required: true }]}
          extra={t('integrations.endpoints.filter_hint')}>
          <Select mode="tags" options={options} data-testid="endpoint-events" />
        </Form.Item>
        <Form.Item name="description" label={t('integrations.endpoints.description')} rules={[{ max: 500 }]}>
          <Input data-testid="endpoint-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
