// Opening a ticket on a tenant's behalf (support.write): open_support_ticket with one of the
// tenant's users as the requester, or none. Used by the inbox and the tenant's Support tab.
import { useList } from '@refinedev/core';
import { Form, Input, Modal, Select } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { validValues } from '../../lib/forms';
import { useRpcMutation } from '../../lib/useRpc';
import { useTenantOptions } from '../billing/invoices/list';
import { CATEGORIES, PRIORITIES } from './model';

export function OpenTicketModal({ open, onClose, tenantId }: { open: boolean; onClose: () => void; tenantId?: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const tenants = useTenantOptions(i18n.language);
  const chosen: string | undefined = Form.useWatch('tenant_id', form) ?? tenantId;
  const { result: members } = useList<{ user_id: string; role: string }>({
    resource: 'tenant_members', pagination: { mode: 'off' }, filters: [{ field: 'tenant_id', operator: 'eq', value: chosen }],
    meta: { select: 'user_id,role' }, queryOptions: { enabled: !!chosen && open }, errorNotification: false,
  });
  const create = useRpcMutation<number>('open_support_ticket', { successKey: 'support.ticket.opened' });
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    create.mutate({ tenant_id: tenantId ?? v.tenant_id, subject: v.subject.trim(), body: v.body.trim(), category: v.category,
      priority: v.priority, requester_id: v.requester_id ?? null }, {
      onSuccess: (id) => { onClose(); navigate(`/support/tickets/${id}`); },
    });
  };
  return (
    <Modal open={open} title={t('support.ticket.open_title')} onCancel={onClose} onOk={submit} destroyOnHidden
      okText={t('support.ticket.open')} cancelText={t('buttons.cancel')} confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'open-ticket-ok' } as any}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ category: 'general', priority: 'normal', tenant_id: tenantId }}>
        {!tenantId && (
          <Form.Item name="tenant_id" label={t('support.fields.tenant')} rules={[{ required: true, message: t('support.validation.tenant') }]}>
            <Select showSearch optionFilterProp="label" options={tenants} data-testid="open-ticket-tenant" />
          </Form.Item>
        )}
        <Form.Item name="requester_id" label={t('support.fields.requester')} extra={t('support.ticket.requester_hint')}>
          <Select allowClear data-testid="open-ticket-requester"
            options={(members?.data ?? []).map((m) => ({ value: m.user_id, label: `${m.user_id.slice(0, 8)} (${m.role})` }))} />
        </Form.Item>
        <Form.Item name="subject" label={t('support.fields.subject')}
          rules={[{ required: true, whitespace: true, max: 200, message: t('support.validation.subject') }]}>
          <Input maxLength={200} data-testid="open-ticket-subject" />
        </Form.Item>
        <Form.Item name="body" label={t('support.fields.body')}
          rules={[{ required: true, whitespace: true, max: 10000, message: t('support.validation.body') }]}>
          <Input.TextArea rows={4} data-testid="open-ticket-body" />
        </Form.Item>
        <Form.Item name="category" label={t('support.fields.category')}>
          <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`support.category.${c}`) }))} data-testid="open-ticket-category" />
        </Form.Item>
        <Form.Item name="priority" label={t('support.fields.priority')}>
          <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`support.priority.${p}`) }))} data-testid="open-ticket-priority" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
