import { List, useTable, ShowButton } from '@refinedev/antd';
import { useCan } from '@refinedev/core';
import { Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { BarChartOutlined, PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, localName } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import { TEMPLATE_CODE_RE, starterDefinition, type WorkflowDefinition } from '../../lib/workflow';
import type { TemplateRow } from '../../types/rows';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';
export type { TemplateRow };


function CreateTemplate() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const create = useRpcMutation<string>('create_workflow_template', { successKey: 'workflows.created' });
  const submit = async () => {
    const v = await form.validateFields().catch(() => null); // the form shows what is wrong
    if (!v) return;
    create.mutate({
      code: v.code, service_category: v.service_category, name: { en: v.name_en, ar: v.name_ar ?? '' },
      draft: starterDefinition(), description: {},
    }, { onSuccess: (id) => { setOpen(false); navigate(`/workflows/show/${id}`); } });
  };
  const codeRule = { pattern: TEMPLATE_CODE_RE, message: t('workflows.validation.code_format') };
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} data-testid="template-create" onClick={() => setOpen(true)}>
        {t('workflows.titles.create')}
      </Button>
      <Modal open={open} title={t('workflows.titles.create')} onCancel={() => setOpen(false)} onOk={submit} destroyOnHidden
        confirmLoading={create.isPending} okText={t('buttons.create')} cancelText={t('buttons.cancel')}
        okButtonProps={{ 'data-testid': 'template-create-ok' } as any}>
        <Typography.Paragraph type="secondary">{t('workflows.create_explain')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="code" label={t('workflows.fields.template_code')} rules={[{ required: true, message: t('workflows.validation.required') }, codeRule]}>
            <Input dir="ltr" data-testid="template-code" />
          </Form.Item>
          <Form.Item name="service_category" label={t('workflows.fields.service_category')} rules={[{ required: true, message: t('workflows.validation.required') }, codeRule]}>
            <Input dir="ltr" data-testid="template-category" />
          </Form.Item>
          <Form.Item name="name_en" label={t('workflows.fields.name_en')} rules={[{ required: true, whitespace: true, message: t('workflows.validation.required') }]}>
            <Input data-testid="template-name-en" />
          </Form.Item>
          <Form.Item name="name_ar" label={t('workflows.fields.name_ar')}>
            <Input dir="rtl" data-testid="template-name-ar" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function WorkflowList() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { data: canWrite } = useCan({ resource: 'workflows', action: 'create' });
  const { tableProps, sorters } = useTable<TemplateRow>({
    resource: 'workflow_templates',
    sorters: { initial: [{ field: 'code', order: 'asc' }] },
    pagination: { pageSize: 20 },
    syncWithLocation: false,
  });
  const csvColumns: CsvColumn<TemplateRow>[] = [
    { title: t('workflows.fields.template_code'), value: (r) => r.code },
    { title: t('workflows.fields.name'), value: (r) => localName(r.name, i18n.language) },
    { title: t('workflows.fields.service_category'), value: (r) => r.service_category },
    { title: t('workflows.fields.stages'), value: (r) => r.draft?.stages?.length ?? 0 },
    { title: t('workflows.fields.latest_version'), value: (r) => (r.latest_version > 0 ? r.latest_version : t('workflows.unpublished')) },
    { title: t('workflows.fields.archived'), value: (r) => t(r.archived ? 'common.yes' : 'common.no') },
    { title: t('workflows.fields.updated_at'), value: (r) => r.updated_at },
  ];
  return (
    <List resource="workflows" title={t('workflows.titles.list')} headerButtons={(
      <Space wrap>
        <ExportCsvButton list="workflow-templates" columns={csvColumns} source={{ resource: 'workflow_templates', sorters }} />
        <Button icon={<BarChartOutlined />} onClick={() => navigate('/workflows/analytics')} data-testid="goto-analytics">
          {t('workflow_analytics.titles.list')}
        </Button>
        {canWrite?.can && <CreateTemplate />}
      </Space>
    )}>
      <Table {...tableProps} rowKey="id" data-testid="template-table"
        onRow={(r) => ({ 'data-testid': `template-row-${r.code}` } as any)}
        columns={[
          { dataIndex: 'code', title: t('workflows.fields.template_code'), sorter: true,
            render: (v: string) => <Typography.Text code dir="ltr">{v}</Typography.Text> },
          { dataIndex: 'name', title: t('workflows.fields.name'), render: (v) => localName(v, i18n.language) },
          { dataIndex: 'service_category', title: t('workflows.fields.service_category'),
            render: (v: string) => <Typography.Text dir="ltr">{v}</Typography.Text> },
          { title: t('workflows.fields.stages'), render: (_, r) => r.draft?.stages?.length ?? 0 },
          { dataIndex: 'latest_version', title: t('workflows.fields.latest_version'), sorter: true,
            render: (v: number) => v > 0 ? <Tag color="green">v{v}</Tag> : <Tag>{t('workflows.unpublished')}</Tag> },
          { dataIndex: 'archived', title: t('workflows.fields.archived'), render: (v: boolean) => v ? t('common.yes') : t('common.no') },
          { dataIndex: 'updated_at', title: t('workflows.fields.updated_at'), sorter: true, render: (v: string) => formatDateTime(v, i18n.language) },
          { title: '', render: (_, r) => <ShowButton hideText size="small" resource="workflows" recordItemId={r.id} data-testid={`template-open-${r.code}`} /> },
        ]} />
    </List>
  );
}
