import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = {
  draft: 'default', pending_approval: 'gold', approved: 'cyan', trial: 'blue', active: 'green', grace: 'orange',
  suspended: 'red', frozen: 'purple', archived: 'default', churned: 'default',
  invited: 'gold', disabled: 'red', pending: 'processing', done: 'green', failed: 'red',
};

export function StatusTag({ status, scope = 'tenants.status' }: { status: string; scope?: string }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status] ?? 'default'} data-status={status}>{t(`${scope}.${status}`, status)}</Tag>;
}
