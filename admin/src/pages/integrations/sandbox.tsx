// Sandbox tenants (issue 18 §6): integrators build against a flagged, active tenant filled with
// generated orders and customers, never billed and left out of analytics. Everyone who reads the
// portal sees the list; making one needs what public.create_sandbox_tenant asserts (tenants.write
// and tenants.lifecycle): without both the form is not offered. Reseeding (wipe the sample orders,
// generate them again) needs tenants.write, deleting the sandbox the same two as making one; both
// ask for confirmation first (the server refuses a real tenant with integrations.not_sandbox).
import { useCan, useList } from '@refinedev/core';
import { Button, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusTag } from '../../components/StatusTag';
import { formatDateTime, localName } from '../../lib/format';
import { numberRule } from '../../lib/numbers';
import { EMAIL_RE, SLUG_RE } from '../../lib/schemas';
import { useRpcMutation } from '../../lib/useRpc';
import type { SandboxTenantRow, TenantRef } from '../../types/rows';

const SELECT = 'tenant_id, sample, created_by, created_at, tenant:tenants(id,slug,name,status)';
const one = (t: SandboxTenantRow['tenant']): TenantRef | null => (Array.isArray(t) ? t[0] ?? null : t ?? null);

export function SandboxTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: canWrite } = useCan({ resource: 'tenants', action: 'create' });
  const { data: canLifecycle } = useCan({ resource: 'tenants', action: 'lifecycle' });
  const mayCreate = !!canWrite?.can && !!canLifecycle?.can;
  const [creating, setCreating] = useState(false);
  const { result, query } = useList<SandboxTenantRow>({ resource: 'sandbox_tenants', pagination: { mode: 'off' },
    sorters: [{ field: 'created_at', order: 'desc' }], meta: { select: SELECT } });
  return (
    <>
      <Typography.Paragraph type="secondary" data-testid="sandbox-intro">{t('integrations.sandbox.intro')}</Typography.Paragraph>
      {mayCreate && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} data-testid="sandbox-create"
          onClick={() => setCreating(true)}>{t('integrations.sandbox.create')}</Button>
      )}
      <Table<SandboxTenantRow> rowKey="tenant_id" dataSource={result?.data ?? []} loading={query.isLoading} size="small"
        pagination={false} scroll={{ x: 700 }} data-testid="sandbox-table" locale={{ emptyText: t('integrations.sandbox.empty') }}
        onRow={(s) => ({ 'data-testid': `sandbox-${one(s.tenant)?.slug ?? s.tenant_id}`, 'data-orders': s.sample?.orders ?? '' } as any)}>
        <Table.Column<SandboxTenantRow> title={t('integrations.sandbox.slug')} key="slug"
          render={(_, s) => <Link to={`/tenants/show/${s.tenant_id}`} dir="ltr">{one(s.tenant)?.slug ?? s.tenant_id}</Link>} />
        <Table.Column<SandboxTenantRow> title={t('integrations.sandbox.name')} key="name"
          render={(_, s) => localName(one(s.tenant)?.name, lang)} />
        <Table.Column<SandboxTenantRow> title={t('integrations.sandbox.status')} key="status"
          render={(_, s) => (one(s.tenant)?.status ? <StatusTag status={one(s.tenant)!.status!} /> : '—')} />
        <Table.Column<SandboxTenantRow> title={t('integrations.sandbox.sample')} key="sample"
          render={(_, s) => (s.sample?.orders != null
            ? <span data-testid="sandbox-sample">{t('integrations.sandbox.sample_made', { orders: s.sample.orders, customers: s.sample.customers ?? 0 })}</span>
            : <Tag color="processing" data-testid="sandbox-seeding">{t('integrations.sandbox.seeding')}</Tag>)} />
        <Table.Column<SandboxTenantRow> title={t('integrations.sandbox.created')} dataIndex="created_at"
          render={(v: string) => formatDateTime(v, lang)} />
        {(!!canWrite?.can || mayCreate) && (
          <Table.Column<SandboxTenantRow> title={t('table.actions')} key="actions"
            render={(_, s) => <SandboxActions sandbox={s} mayReseed={!!canWrite?.can} mayDelete={mayCreate} />} />
        )}
      </Table>
      {mayCreate && <CreateSandbox open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}

/** Reseed and delete, each behind a confirmation naming what is lost. */
function SandboxActions({ sandbox, mayReseed, mayDelete }: { sandbox: SandboxTenantRow; mayReseed: boolean; mayDelete: boolean }) {
  const { t } = useTranslation();
  const reseed = useRpcMutation('reseed_sandbox_tenant', { successKey: 'integrations.sandbox.reseeded_ok' });
  const remove = useRpcMutation('delete_sandbox_tenant', { successKey: 'integrations.sandbox.deleted_ok' });
  const slug = one(sandbox.tenant)?.slug ?? sandbox.tenant_id;
  return (
    <Space wrap>
      {mayReseed && (
        <Popconfirm title={t('integrations.sandbox.reseed_confirm', { slug })} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
          okButtonProps={{ 'data-testid': 'sandbox-reseed-ok', loading: reseed.isPending } as any}
          cancelButtonProps={{ 'data-testid': 'sandbox-reseed-cancel' } as any}
          onConfirm={() => reseed.mutateAsync({ tenant_id: sandbox.tenant_id }).catch(() => undefined)}>
          <Button size="small" data-testid="sandbox-reseed" loading={reseed.isPending}>{t('integrations.sandbox.reseed')}</Button>
        </Popconfirm>
      )}
      {mayDelete && (
        <Popconfirm title={t('integrations.sandbox.delete_confirm', { slug })} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
          okButtonProps={{ 'data-testid': 'sandbox-delete-ok', danger: true, loading: remove.isPending } as any}
          onConfirm={() => remove.mutateAsync({ tenant_id: sandbox.tenant_id }).catch(() => undefined)}>
          <Button size="small" danger data-testid="sandbox-delete" loading={remove.isPending}>{t('integrations.sandbox.delete')}</Button>
        </Popconfirm>
      )}
    </Space>
  );
}

/** create_sandbox_tenant takes 1 to 200 sample orders (integrations.invalid_sample_size otherwise). */
const SAMPLE_ORDERS = { min: 1, max: 200, integer: true, required: true };

type SandboxForm = { slug: string; name: string; contact_email: string; orders: number };

function CreateSandbox({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SandboxForm>();
  const create = useRpcMutation('create_sandbox_tenant', { successKey: 'integrations.sandbox.created_ok' });
  const submit = (v: SandboxForm) => create.mutateAsync({ slug: v.slug.trim(), name: v.name.trim(), contact_email: v.contact_email.trim(), orders: v.orders })
    .then(() => { form.resetFields(); onClose(); }).catch(() => undefined);
  return (
    <Modal open={open} title={t('integrations.sandbox.create')} onCancel={onClose} onOk={() => form.submit()}
      confirmLoading={create.isPending} okButtonProps={{ 'data-testid': 'sandbox-create-ok' } as any} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ orders: 25 }}>
        {/* the same rules as private.create_tenant (slug) and create_sandbox_tenant (1-200 orders) */}
        <Form.Item name="slug" label={t('integrations.sandbox.slug')} extra={t('integrations.sandbox.slug_hint')}
          rules={[{ required: true, pattern: SLUG_RE, message: t('tenants.validation.slug') }]}>
          <Input dir="ltr" data-testid="sandbox-slug" />
        </Form.Item>
        <Form.Item name="name" label={t('integrations.sandbox.name')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input data-testid="sandbox-name" />
        </Form.Item>
        <Form.Item name="contact_email" label={t('integrations.sandbox.contact_email')}
          rules={[{ required: true, pattern: EMAIL_RE, max: 254, message: t('tenants.validation.email') }]}>
          <Input dir="ltr" type="email" data-testid="sandbox-email" />
        </Form.Item>
        <Form.Item name="orders" label={t('integrations.sandbox.orders')} extra={t('integrations.sandbox.orders_hint')}
          rules={[numberRule(SAMPLE_ORDERS, t)]}>
          <InputNumber style={{ width: '100%' }} data-testid="sandbox-orders" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
