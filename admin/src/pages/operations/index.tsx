// Operations console (issue 20 §6): queues with their dead letters, cron schedules, job history, SLOs
// and health. Everyone with jobs.read sees it; the action buttons need jobs.operate (the database refuses
// anyway, and a refused call shows the error catalogue's title).
import { List } from '@refinedev/antd';
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { QueuesTab } from './queues';
import { SchedulesTab } from './schedules';
import { HistoryTab } from './history';
import { HealthTab } from './health';
import { SlosTab } from './slos';

const TABS = ['queues', 'schedules', 'history', 'slos', 'health'] as const;

export function OperationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'queues';
  return (
    <List title={t('operations.title')}>
      <Tabs activeKey={tab} data-testid="operations-tabs" destroyOnHidden
        onChange={(k) => setParams((p) => { p.set('tab', k); return p; }, { replace: true })}
        items={[
          { key: 'queues', label: t('operations.tabs.queues'), children: <QueuesTab /> },
          { key: 'schedules', label: t('operations.tabs.schedules'), children: <SchedulesTab /> },
          { key: 'history', label: t('operations.tabs.history'), children: <HistoryTab /> },
          { key: 'slos', label: t('operations.tabs.slos'), children: <SlosTab /> },
          { key: 'health', label: t('operations.tabs.health'), children: <HealthTab /> },
        ]} />
    </List>
  );
}
