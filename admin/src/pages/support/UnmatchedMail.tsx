// E-mail to the support address that no tenant claimed (support_inbound_mails, outcome unmatched:
// an unknown sender, a user of several tenants, or past a tenant's hourly limit). Staff read it and
// file it for a tenant (file_support_inbound_mail), which opens that tenant's ticket with the
// customer's text. Shown under the inbox only while such mail waits.
import { useList } from '@refinedev/core';
import { Badge, Button, Card, Form, Modal, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Ellipsis } from '../../components/Ellipsis';
import { validValues } from '../../lib/forms';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import type { SupportInboundMailRow } from '../../types/rows';
import { useTenantOptions } from '../billing/invoices/list';

export function UnmatchedMail({ canWrite }: { canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [filing, setFiling] = useState<SupportInboundMailRow | null>(null);
  const { result, query } = useList<SupportInboundMailRow>({
    resource: 'support_inbound_mails', pagination: { pageSize: 50 },
    filters: [{ field: 'outcome', operator: 'eq', value: 'unmatched' }], sorters: [{ field: 'received_at', order: 'desc' }],
    queryOptions: { refetchInterval: 30_000 }, errorNotification: false,
  });
  const rows = result?.data ?? [];
  if (!rows.length) return null;
  return (
    <Card size="small" data-testid="unmatched-mail"
      title={<span>{t('support.unmatched.title')} <Badge count={formatNumber(result?.total ?? rows.length, lang)} color="orange" /></span>}>
      <Typography.Paragraph type="secondary">{t('support.unmatched.intro')}</Typography.Paragraph>
      <Table<SupportInboundMailRow> rowKey="id" size="small" dataSource={rows} loading={query.isLoading} scroll={{ x: 800 }}
        pagination={false} onRow={(r) => ({ 'data-testid': `unmatched-row-${r.id}` } as any)}
        expandable={{ expandedRowRender: (r) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.body}</Typography.Paragraph> }}
        columns={[
          { title: t('support.unmatched.received'), dataIndex: 'received_at', width: 170, render: (d: string) => formatDateTime(d, lang) },
          { title: t('support.unmatched.from'), dataIndex: 'from_address', width: 220,
            render: (a: string, r) => <Ellipsis text={r.from_name ? `${r.from_name} <${a}>` : a} width={210} /> },
          { title: t('support.fields.subject'), dataIndex: 'subject', render: (s: string) => <Ellipsis text={s} width={260} /> },
          { title: t('support.unmatched.reason'), dataIndex: 'reason', width: 170,
            render: (r: string) => <Tag data-reason={r}>{t(`support.unmatched.reasons.${r}`, r)}</Tag> },
          ...(canWrite ? [{ title: '', key: 'file', width: 140, render: (_: unknown, r: SupportInboundMailRow) => (
            <Button size="small" onClick={() => setFiling(r)} data-testid={`file-mail-${r.id}`}>{t('support.unmatched.file')}</Button>) }] : []),
        ]} />
      <FileMailModal mail={filing} onClose={() => setFiling(null)} />
    </Card>
  );
}

function FileMailModal({ mail, onClose }: { mail: SupportInboundMailRow | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const tenants = useTenantOptions(i18n.language);
  const file = useRpcMutation<number>('file_support_inbound_mail', { successKey: 'support.unmatched.filed' });
  const submit = async () => {
    const v = await validValues(form);
    if (!v || !mail) return;
    file.mutate({ mail_id: mail.id, tenant_id: v.tenant_id }, { onSuccess: (id) => { onClose(); navigate(`/support/tickets/${id}`); } });
  };
  return (
    <Modal open={!!mail} title={t('support.unmatched.file_title', { subject: mail?.subject ?? '' })} onCancel={onClose} onOk={submit}
      destroyOnHidden okText={t('support.unmatched.file')} cancelText={t('buttons.cancel')} confirmLoading={file.isPending}
      okButtonProps={{ 'data-testid': 'file-mail-ok' } as any}>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="tenant_id" label={t('support.fields.tenant')} rules={[{ required: true, message: t('support.validation.tenant') }]}>
          <Select showSearch optionFilterProp="label" options={tenants} data-testid="file-mail-tenant" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
