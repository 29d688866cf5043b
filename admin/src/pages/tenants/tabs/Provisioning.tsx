// Provisioning steps run asynchronously (the jobs dispatcher): poll while work is outstanding.
import { useCan, useInvalidate, useList } from '@refinedev/core';
import { Alert, Button, Progress, Space, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { StatusTag } from '../../../components/StatusTag';
import { formatDateTime, localName } from '../../../lib/format';
import { useRpcMutation } from '../../../lib/useRpc';
import type { ProvisioningStepRow as StepRow } from '../../../types/rows';


const LIVE_STATUSES = ['trial', 'active', 'grace', 'suspended', 'frozen'];

export function ProvisioningTab({ tenantId, tenantStatus }: { tenantId: string; tenantStatus: string }) {
  const { t, i18n } = useTranslation();
  const invalidate = useInvalidate();
  const { data: canRetry } = useCan({ resource: 'tenants', action: 'retry_provisioning' });
  const steps = useList<{ code: string }>({
    resource: 'provisioning_steps', filters: [{ field: 'enabled', operator: 'eq', value: true }],
    pagination: { mode: 'off' }, meta: { select: 'code' },
  });
  const expected = LIVE_STATUSES.includes(tenantStatus);
  const totalSteps = steps.result?.data?.length ?? 0;
  const { result, query } = useList<StepRow>({
    resource: 'tenant_provisioning',
    filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }],
    pagination: { mode: 'off' },
    meta: { select: '*, provisioning_steps(name, sort_order)' },
    queryOptions: {
      refetchInterval: (q) => {
        const rows = (q.state.data?.data ?? []) as StepRow[];
        const outstanding = rows.some((r) => r.status === 'pending') || (expected && rows.filter((r) => r.status === 'done').length < Math.max(totalSteps, 1) && !rows.some((r) => r.status === 'failed'));
        return outstanding ? 2000 : false;
      },
    },
  });
  const retry = useRpcMutation('retry_provisioning_step', { successKey: 'tenants.provisioning.retried' });
  const rows = [...(result?.data ?? [])].sort((a, b) => (a.provisioning_steps?.sort_order ?? 0) - (b.provisioning_steps?.sort_order ?? 0));
  const done = rows.filter((r) => r.status === 'done').length;
  const failed = rows.filter((r) => r.status === 'failed').length;
  const total = Math.max(totalSteps, rows.length);
  const complete = total > 0 && done === total;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Progress type="circle" size={56} percent={total ? Math.round((done / total) * 100) : 0}
            status={failed ? 'exception' : complete ? 'success' : 'active'} />
          <Typography.Text data-testid="provisioning-summary" data-complete={complete ? 'true' : 'false'}>
            {rows.length === 0
              ? t(expected ? 'tenants.provisioning.queued' : 'tenants.provisioning.not_started')
              : complete ? t('tenants.provisioning.complete')
              : t('tenants.provisioning.progress', { done, total })}
          </Typography.Text>
        </Space>
        <Button icon={<ReloadOutlined />} data-testid="provisioning-refresh"
          onClick={() => invalidate({ resource: 'tenant_provisioning', invalidates: ['list'] })}>
          {t('buttons.refresh')}
        </Button>
      </Space>
      {failed > 0 && <Alert type="error" showIcon message={t('tenants.provisioning.failed', { count: failed })} />}
      <Table<StepRow> rowKey="step_code" size="small" loading={query.isLoading} dataSource={rows} pagination={false}
        data-testid="provisioning-table">
        <Table.Column key="step" title={t('tenants.provisioning.step')}
          render={(_, r: StepRow) => localName(r.provisioning_steps?.name, i18n.language) || r.step_code} />
        <Table.Column dataIndex="status" title={t('tenants.fields.status')}
          render={(v: string) => <StatusTag status={v} scope="tenants.provisioning.status" />} />
        <Table.Column dataIndex="applied_version" title={t('tenants.provisioning.version')} render={(v) => v ?? '—'} />
        <Table.Column dataIndex="attempts" title={t('tenants.provisioning.attempts')} />
        <Table.Column dataIndex="finished_at" title={t('tenants.provisioning.finished_at')}
          render={(v) => formatDateTime(v, i18n.language)} />
        <Table.Column dataIndex="last_error" title={t('tenants.provisioning.last_error')}
          render={(v) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—')} />
        <Table.Column key="actions" title={t('table.actions')}
          render={(_, r: StepRow) => canRetry?.can && r.status !== 'done' ? (
            <Button size="small" loading={retry.isPending} data-testid={`retry-${r.step_code}`}
              onClick={() => retry.mutate({ tenant_id: tenantId, step_code: r.step_code })}>
              {t('tenants.provisioning.retry')}
            </Button>
          ) : null} />
      </Table>
    </Space>
  );
}
