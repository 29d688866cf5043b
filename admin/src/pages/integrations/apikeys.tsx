// API keys: prefix, scopes, expiry and last use; create (the key shown once), revoke, rotate (the
// new key shown once; the old one stops at once: overlap 0).
import { useCan, useList } from '@refinedev/core';
import { Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import type { ApiKeyRow, OnceSecret } from '../../types/rows';
import { SecretOnce } from './SecretOnce';

const SCOPES = ['events', 'orders', 'invoices', 'webhooks'].flatMap((r) => [`${r}:read`, `${r}:write`]);

export function ApiKeysTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: can } = useCan({ resource: 'integrations', action: 'write' });
  const { result, query } = useList<ApiKeyRow>({ resource: 'api_keys', pagination: { mode: 'off' },
    sorters: [{ field: 'created_at', order: 'desc' }],
    meta: { select: 'id, tenant_id, name, key_prefix, scopes, rate_limit_per_minute, expires_at, revoked_at, last_used_at, replaced_by, created_by, created_at' } });
  const [secret, setSecret] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const revoke = useRpcMutation('revoke_api_key', { successKey: 'integrations.keys.revoked' });
  const rotate = useRpcMutation<OnceSecret>('rotate_api_key');
  const state = (k: ApiKeyRow) => k.revoked_at ? 'revoked' : k.expires_at && new Date(k.expires_at) <= new Date() ? 'expired' : 'active';
  return (
    <>
      {can?.can && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} data-testid="key-create"
          onClick={() => setCreating(true)}>{t('integrations.keys.create')}</Button>
      )}
      <Table<ApiKeyRow> rowKey="id" dataSource={result?.data ?? []} loading={query.isLoading} size="small" pagination={false}
        scroll={{ x: 900 }} data-testid="keys-table" locale={{ emptyText: t('integrations.keys.empty') }}
        onRow={(k) => ({ 'data-testid': `key-${k.name}`, 'data-state': state(k) } as any)}>
        <Table.Column<ApiKeyRow> title={t('integrations.keys.name')} dataIndex="name" />
        <Table.Column<ApiKeyRow> title={t('integrations.keys.prefix')} dataIndex="key_prefix"
          render={(v: string) => <Typography.Text code dir="ltr">{v}…</Typography.Text>} />
        <Table.Column<ApiKeyRow> title={t('integrations.keys.scopes')} dataIndex="scopes"
          render={(v: string[]) => v.map((s) => <Tag key={s} dir="ltr">{s}</Tag>)} />
        <Table.Column<ApiKeyRow> title={t('integrations.keys.state')} key="state"
          render={(_, k) => { const s = state(k); return <Tag color={s === 'active' ? 'success' : 'default'}>{t(`integrations.keys.states.${s}`)}</Tag>; }} />
        <Table.Column<ApiKeyRow> title={t('integrations.keys.expires')} dataIndex="expires_at"
          render={(v: string | null) => (v ? formatDateTime(v, lang) : t('integrations.keys.never'))} />
        <Table.Column<ApiKeyRow> title={t('integrations.keys.last_used')} dataIndex="last_used_at"
          render={(v: string | null) => (v ? formatDateTime(v, lang) : '—')} />
        {can?.can && (
          <Table.Column<ApiKeyRow> title={t('table.actions')} key="actions"
            render={(_, k) => state(k) === 'active' && (
              <Space>
                <Popconfirm title={t('integrations.keys.rotate_confirm')} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
                  okButtonProps={{ 'data-testid': 'key-rotate-ok' } as any}
                  onConfirm={() => rotate.mutateAsync({ key_id: k.id, overlap_minutes: 0 }).then((x) => setSecret(x.key ?? null)).catch(() => undefined)}>
                  <Button size="small" data-testid="key-rotate">{t('integrations.keys.rotate')}</Button>
                </Popconfirm>
                <Popconfirm title={t('integrations.keys.revoke_confirm')} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
                  okButtonProps={{ 'data-testid': 'key-revoke-ok', danger: true } as any}
                  onConfirm={() => revoke.mutateAsync({ key_id: k.id }).catch(() => undefined)}>
                  <Button size="small" danger data-testid="key-revoke">{t('integrations.keys.revoke')}</Button>
                </Popconfirm>
              </Space>
            )} />
        )}
      </Table>
      <CreateKey open={creating} onClose={() => setCreating(false)} onSecret={setSecret} />
      <SecretOnce value={secret} onClose={() => setSecret(null)} />
    </>
  );
}

type KeyForm = { name: string; scopes: string[]; expires_at?: Dayjs | null };

function CreateKey({ open, onClose, onSecret }: { open: boolean; onClose: () => void; onSecret: (s: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<KeyForm>();
  const create = useRpcMutation<OnceSecret>('create_api_key', { successKey: 'integrations.keys.created' });
  const submit = (v: KeyForm) => create.mutateAsync({ tenant_id: null, name: v.name, scopes: v.scopes, expires_at: v.expires_at?.toISOString() ?? null })
    .then((x) => { form.resetFields(); onClose(); if (x.key) onSecret(x.key); }).catch(() => undefined);
  return (
    <Modal open={open} title={t('integrations.keys.create')} onCancel={onClose} onOk={() => form.submit()}
      confirmLoading={create.isPending} okButtonProps={{ 'data-testid': 'key-create-ok' } as any} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ scopes: ['events:read'] }}>
        <Form.Item name="name" label={t('integrations.keys.name')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="key-name" />
        </Form.Item>
        <Form.Item name="scopes" label={t('integrations.keys.scopes')} rules={[{ required: true }]}>
          <Select mode="multiple" options={SCOPES.map((s) => ({ value: s, label: s }))} data-testid="key-scopes" />
        </Form.Item>
        <Form.Item name="expires_at" label={t('integrations.keys.expires')} extra={t('integrations.keys.expires_hint')}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
