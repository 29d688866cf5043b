// The outbox page: every message HQ's platform wrote (pages/notifications/OutboxTable).
import { List } from '@refinedev/antd';
import { useTranslation } from 'react-i18next';
import { OutboxTable } from './OutboxTable';

export function NotificationOutbox() {
  const { t } = useTranslation();
  return (
    <List title={t('notification_outbox.titles.list')}>
      <OutboxTable />
    </List>
  );
}
