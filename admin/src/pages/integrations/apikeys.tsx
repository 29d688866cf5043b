// API keys: prefix, scopes, expiry and last use; create (the key shown once), revoke, rotate (the
// new key shown once; the old one keeps working for a chosen grace period, 24 h by default, so a
// client can be redeployed first). During the overlap both keys are listed: the old one as
// "retiring" with when it stops and which key replaces it. Revoke still ends a key at once.
import { useCan, useList } from '@refinedev/core';
import { Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { RotateKey } from './RotateKey';
import { keyState } from './keyState';
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
  const [rotating, setRotating] = useState<ApiKeyRow | null>(null);
  const keys = result?.data ?? [];
  const byId = new Map(keys.map((k) => [k.id, k]));
  const replaces = new Map(keys.filter((k) => k.replaced_by).map((k) => [k.replaced_by!, k]));
  const state = (k: ApiKeyRow) => keyState(k, new Date());
  return (
    <>
      {can?.can && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} data-testid="key-create"
          onClick={() => setCreating(true)}>{t('integrations.keys.create')}</Button>
      )}
      <Table<ApiKeyRow> rowKey="id" dataSource={keys} loading={query.isLoading} size="small" pagination={false}
        scroll={{ x: 1100 }} data-testid="keys-table" locale={{ emptyText: t('integrations.keys.empty') }}
        onRow={(k) => ({ 'data-testid': `key-${k.name}`, 'data-prefix': k.key_prefix, 'data-state': state(k) } as any)}>
        <Table.Column<ApiKeyRow> title={t('integrations.keys.name')} dataIndex="name" />
        <Table.Column<ApiKeyRow> title={t('integrations.keys.prefix')} dataIndex="key_prefix"
          render={(v: string) => <Typography.Text code dir="ltr">{v}…</Typography.Text>} />
        <Table.Column<ApiKeyRow> title={t('integrations.keys.scopes')} dataIndex="scopes"
          render={(v: string[]) => v.map((s) => <Tag key={s} dir="ltr">{s}</Tag>)} />
        <Table.Column<ApiKeyRow> title={t('integrations.keys.state')} key="state"
          render={(_, k) => { const s = state(k); return <Tag color={STATE_COLOR[s]}>{t(`integrations.keys.states.${s}`)}</Tag>; }} />
        <Table.Column<ApiKeyRow> title={t('integrations.keys.rotation')} key="rotation"
          render={(_, k) => <RotationNote next={k.replaced_by ? byId.get(k.replaced_by) : undefined} previous={replaces.get(k.id)}
            retiring={state(k) === 'retiring'} expires={k.expires_at} lang={lang} />} />
        <Table.Column<ApiKeyRow> title={t('integrations.keys.expires')} dataIndex="expires_at"
          render={(v: string | null) => (v ? formatDateTime(v, lang) : t('integrations.keys.never'))} />
        <Table.Column<ApiKeyRow> title={t('integrations.keys.last_used')} dataIndex="last_used_at"
          render={(v: string | null) => (v ? formatDateTime(v, lang) : '—')} />
        {can?.can && (
          <Table.Column<ApiKeyRow> title={t('table.actions')} key="actions"
            render={(_, k) => (state(k) === 'active' || state(k) === 'retiring') && (
              <Space>
                {state(k) === 'active' && (
                  <Button size="small" data-testid="key-rotate" onClick={() => setRotating(k)}>{t('integrations.keys.rotate')}</Button>
                )}
                <Popconfirm title={t('integrations.keys.revoke_confirm')} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
                  okButtonProps={{ 'data-testid': 'key-revoke-ok', danger: true } as any}
                  onConfirm={() => revoke.mutateAsync({ key_id: k.id }).catch(() => undefined)}>
                  <Button size="small" danger data-testid="key-revoke">{t('integrations.keys.revoke')}</Button>
                </Popconfirm>
              </Space>
            )} />
        )}
      </Table>
      <RotateKey apiKey={rotating} onClose={() => setRotating(null)} onSecret={setSecret} />
      <CreateKey open={creating} onClose={() => setCreating(false)} onSecret={setSecret} />
      <SecretOnce value={secret} onClose={() => setSecret(null)} />
    </>
  );
}

const STATE_COLOR = { active: 'success', retiring: 'warning', revoked: 'default', expired: 'default' } as const;

/** The rotation a key is part of: "replaced by cmx_… (works until …)" on the old key, "replaces cmx_…" on the new one. */
function RotationNote({ next, previous, retiring, expires, lang }:
  { next?: ApiKeyRow; previous?: ApiKeyRow; retiring: boolean; expires: string | null; lang: string }) {
  const { t } = useTranslation();
  if (!next && !previous) return <>—</>;
  return (
    <Space direction="vertical" size={0}>
      {next && <span data-testid="key-replaced-by">{t('integrations.keys.replaced_by')} <Typography.Text code dir="ltr">{next.key_prefix}…</Typography.Text></span>}
      {next && retiring && expires && (
        <Typography.Text type="warning" data-testid="key-retires-at">{t('integrations.keys.works_until', { at: formatDateTime(expires, lang) })}</Typography.Text>
      )}
      {previous && <span data-testid="key-replaces">{t('integrations.keys.replaces')} <Typography.Text code dir="ltr">{previous.key_prefix}…</Typography.Text></span>}
    </Space>
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
