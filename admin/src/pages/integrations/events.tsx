// The event catalogue: every event type with its version, description in the console's language,
// payload JSON Schema and a sample (public.integration_event_types, readable by every signed-in user).
import { useList } from '@refinedev/core';
import { Alert, Col, Row, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { JsonView } from '../../components/JsonView';
import { describeError } from '../../lib/errors';
import type { EventTypeRow } from '../../types/rows';

export function EventCatalogue() {
  const { t, i18n } = useTranslation();
  const { result, query } = useList<EventTypeRow>({ resource: 'integration_event_types', pagination: { mode: 'off' },
    sorters: [{ field: 'type', order: 'asc' }, { field: 'version', order: 'asc' }] });
  const rows = result?.data ?? [];
  const error = query.error;
  return (
    <>
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={describeError(error, t).title} />}
      <Table<EventTypeRow> rowKey={(r) => `${r.type}@${r.version}`} dataSource={rows} loading={query.isLoading} size="small"
        pagination={false} scroll={{ x: 600 }} data-testid="event-types-table"
        onRow={(r) => ({ 'data-testid': `event-type-${r.type}` } as any)}
        expandable={{ expandedRowRender: (r) => (
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}><Typography.Title level={5}>{t('integrations.events.schema')}</Typography.Title><JsonView value={r.payload_schema} /></Col>
            <Col xs={24} lg={12}><Typography.Title level={5}>{t('integrations.events.sample')}</Typography.Title><JsonView value={r.sample} /></Col>
          </Row>
        ) }}>
        <Table.Column<EventTypeRow> title={t('integrations.events.type')} dataIndex="type"
          render={(v: string) => <Typography.Text code dir="ltr">{v}</Typography.Text>} />
        <Table.Column<EventTypeRow> title={t('integrations.events.version')} dataIndex="version" render={(v: number) => <Tag>v{v}</Tag>} />
        <Table.Column<EventTypeRow> title={t('integrations.events.description')} key="description"
          render={(_, r) => (i18n.language === 'ar' ? r.description.ar : r.description.en)} />
      </Table>
    </>
  );
}
