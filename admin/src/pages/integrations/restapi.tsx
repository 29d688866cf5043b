// The REST API reference: PostgREST's OpenAPI document read into a searchable list of tables/views
// and functions, each with its description (the SQL COMMENTs), its columns or arguments and an example
// request (curl and supabase-js). Names, types and code stay left-to-right in Arabic.
import { Alert, Col, Input, Row, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/errors';
import { type ApiEntry, type ApiField, apiEntries, curlExample, searchEntries, supabaseJsExample } from './openapi';
import { REST_URL, useOpenApi } from './useOpenApi';

function Code({ text, testid }: { text: string; testid: string }) {
  return (
    <pre dir="ltr" data-testid={testid} style={{ textAlign: 'left', overflow: 'auto', background: 'rgba(0,0,0,0.04)', padding: 12, borderRadius: 6, fontSize: 12, margin: 0 }}>
      <Typography.Text copyable={{ text }} style={{ float: 'right' }} />{text}
    </pre>
  );
}

function Fields({ entry }: { entry: ApiEntry }) {
  const { t } = useTranslation();
  return (
    <Table<ApiField> rowKey="name" dataSource={entry.fields} size="small" pagination={false} scroll={{ x: 560 }}
      data-testid={`rest-fields-${entry.name}`} onRow={(f) => ({ 'data-testid': `rest-field-${entry.name}-${f.name}` } as any)}>
      <Table.Column<ApiField> title={t(entry.kind === 'table' ? 'integrations.rest.column' : 'integrations.rest.argument')} dataIndex="name"
        render={(v: string) => <Typography.Text code dir="ltr">{v}</Typography.Text>} />
      <Table.Column<ApiField> title={t('integrations.rest.type')} dataIndex="type"
        render={(v: string) => <Typography.Text type="secondary" dir="ltr">{v}</Typography.Text>} />
      <Table.Column<ApiField> title={t('integrations.rest.required')} dataIndex="required"
        render={(v: boolean) => (v ? <Tag color="orange">{t('integrations.rest.yes')}</Tag> : <Typography.Text type="secondary">{t('integrations.rest.no')}</Typography.Text>)} />
      <Table.Column<ApiField> title={t('integrations.rest.description')} key="description"
        render={(_, f) => (
          <Space size={4} wrap>
            {f.primaryKey && <Tag color="blue">{t('integrations.rest.primary_key')}</Tag>}
            {f.references && <Tag><span dir="ltr">→ {f.references}</span></Tag>}
            <span dir="auto">{f.description}</span>
          </Space>
        )} />
    </Table>
  );
}

function EntryDetail({ entry }: { entry: ApiEntry }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {entry.description && <Typography.Paragraph dir="auto" style={{ whiteSpace: 'pre-line', margin: 0 }}>{entry.description}</Typography.Paragraph>}
      {entry.fields.length > 0 ? <Fields entry={entry} /> : <Typography.Text type="secondary">{t('integrations.rest.no_arguments')}</Typography.Text>}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Typography.Title level={5}>{t('integrations.rest.curl')}</Typography.Title>
          <Code text={curlExample(entry, REST_URL)} testid={`rest-curl-${entry.name}`} />
        </Col>
        <Col xs={24} xl={12}>
          <Typography.Title level={5}>{t('integrations.rest.supabase_js')}</Typography.Title>
          <Code text={supabaseJsExample(entry)} testid={`rest-js-${entry.name}`} />
        </Col>
      </Row>
    </Space>
  );
}

export function RestApiTab() {
  const { t } = useTranslation();
  const { data, error, isLoading } = useOpenApi();
  const [query, setQuery] = useState('');
  const entries = useMemo(() => apiEntries(data), [data]);
  const shown = useMemo(() => searchEntries(entries, query), [entries, query]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="rest-api">
      <Typography.Paragraph style={{ margin: 0 }}>{t('integrations.rest.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={describeError(error, t).title} />}
      <Input.Search allowClear placeholder={t('integrations.rest.search')} data-testid="rest-search" style={{ maxWidth: 420 }}
        onChange={(e) => setQuery(e.target.value)} onSearch={setQuery} />
      <Table<ApiEntry> rowKey={(e) => `${e.kind}:${e.name}`} dataSource={shown} loading={isLoading} size="small"
        pagination={{ pageSize: 25, hideOnSinglePage: true, showSizeChanger: false }} scroll={{ x: 560 }} data-testid="rest-entries"
        onRow={(e) => ({ 'data-testid': `rest-entry-${e.name}` } as any)}
        expandable={{ expandedRowRender: (e) => <EntryDetail entry={e} />, expandRowByClick: true }}>
        <Table.Column<ApiEntry> title={t('integrations.rest.name')} key="name"
          render={(_, e) => <Typography.Text code dir="ltr" style={{ whiteSpace: 'nowrap' }}>{e.kind === 'function' ? `rpc/${e.name}` : e.name}</Typography.Text>} />
        <Table.Column<ApiEntry> title={t('integrations.rest.kind')} key="kind"
          render={(_, e) => <Tag color={e.kind === 'function' ? 'purple' : 'geekblue'}>{t(`integrations.rest.kinds.${e.kind}`)}</Tag>} />
        {/* the comments are written in English: laid out by their own direction in Arabic too */}
        <Table.Column<ApiEntry> title={t('integrations.rest.summary')} dataIndex="summary" render={(v: string) => <span dir="auto">{v}</span>} />
        <Table.Column<ApiEntry> title={t('integrations.rest.methods')} key="methods"
          render={(_, e) => <Space size={2} wrap>{e.methods.map((m) => <Tag key={m}>{m}</Tag>)}</Space>} />
      </Table>
    </Space>
  );
}
