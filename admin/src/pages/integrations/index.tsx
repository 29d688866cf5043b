// Developer portal (issue 18 §6): the event catalogue, the REST API reference and changelog, webhook endpoints, API keys, sandbox tenants
// and how to verify a signature. HQ staff with settings.read see it; every change needs settings.write (the database
// refuses anyway, and a refused call shows the error catalogue's title).
import { List } from '@refinedev/antd';
import { useCan } from '@refinedev/core';
import { Alert, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EventCatalogue } from './events';
import { EndpointsTab } from './endpoints';
import { ApiKeysTab } from './apikeys';
import { VerifySignature } from './verify';
import { SandboxTab } from './sandbox';
import { RestApiTab } from './restapi';
import { ChangelogTab } from './changelog';

const TABS = ['events', 'rest', 'changelog', 'endpoints', 'keys', 'sandbox', 'verify'] as const;

export function IntegrationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'events';
  // the tables' row security answers "no rows" to a role without settings.read: say why instead
  const { data: can } = useCan({ resource: 'integrations', action: 'list' });
  if (can && !can.can) {
    return <List title={t('integrations.title')}>
      <Alert type="error" showIcon data-testid="integrations-refused" message={t('errors.codes.auth_permission_denied')} />
    </List>;
  }
  return (
    <List title={t('integrations.title')}>
      <Tabs activeKey={tab} data-testid="integrations-tabs" destroyOnHidden
        onChange={(k) => setParams((p) => { p.set('tab', k); return p; }, { replace: true })}
        items={[
          { key: 'events', label: t('integrations.tabs.events'), children: <EventCatalogue /> },
          { key: 'rest', label: t('integrations.tabs.rest'), children: <RestApiTab /> },
          { key: 'changelog', label: t('integrations.tabs.changelog'), children: <ChangelogTab /> },
          { key: 'endpoints', label: t('integrations.tabs.endpoints'), children: <EndpointsTab /> },
          { key: 'keys', label: t('integrations.tabs.keys'), children: <ApiKeysTab /> },
          { key: 'sandbox', label: t('integrations.tabs.sandbox'), children: <SandboxTab /> },
          { key: 'verify', label: t('integrations.tabs.verify'), children: <VerifySignature /> },
        ]} />
    </List>
  );
}
