// A tenant's support tickets (every status, the SLA state as SQL computed it) and opening a new
// one on the tenant's behalf.
import { Button, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useRpcQuery } from '../../../lib/useRpc';
import type { SupportInboxRow } from '../../../types/rows';
import { PriorityTag, SlaTag, TicketStatusTag, useSupportWrite } from '../../support/common';
import { OpenTicketModal } from '../../support/OpenTicketModal';

export function SupportTab({ tenantId }: { tenantId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const canWrite = useSupportWrite();
  const [opening, setOpening] = useState(false);
  const { data, isLoading } = useRpcQuery<SupportInboxRow[]>('support_inbox', { view: 'all', tenant_id: tenantId });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canWrite && <Button icon={<PlusOutlined />} onClick={() => setOpening(true)} data-testid="tenant-open-ticket">{t('support.ticket.open')}</Button>}
      <Table<SupportInboxRow> rowKey="id" size="small" loading={isLoading} dataSource={data ?? []} data-testid="tenant-tickets" scroll={{ x: 700 }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70, render: (id: number) => <Link to={`/support/tickets/${id}`}>{formatNumber(id, lang)}</Link> },
          { title: t('support.fields.subject'), dataIndex: 'subject', render: (s: string, r) => <Link to={`/support/tickets/${r.id}`}>{s}</Link> },
          { title: t('support.fields.status'), dataIndex: 'status', render: (s: string) => <TicketStatusTag status={s} /> },
          { title: t('support.fields.priority'), dataIndex: 'priority', render: (p: string) => <PriorityTag priority={p} /> },
          { title: t('support.fields.sla'), dataIndex: 'sla_state', render: (s: string, r) => <SlaTag state={s} due={r.next_due_at} /> },
          { title: t('support.fields.updated'), dataIndex: 'updated_at', render: (d: string) => <Typography.Text>{formatDateTime(d, lang)}</Typography.Text> },
        ]} />
      <OpenTicketModal open={opening} onClose={() => setOpening(false)} tenantId={tenantId} />
    </Space>
  );
}
