// The outbox page: every message HQ's platform wrote (pages/notifications/OutboxTable), and the
// addresses suppressed after a bounce or a complaint (SuppressionsTable).
import { List } from '@refinedev/antd';
import { useTranslation } from 'react-i18next';
import { OutboxTable } from './OutboxTable';
import { SuppressionsTable } from './SuppressionsTable';

export function NotificationOutbox() {
  const { t } = useTranslation();
  return (
    <List title={t('notification_outbox.titles.list')}>
      <OutboxTable />
      <SuppressionsTable />
    </List>
  );
}
