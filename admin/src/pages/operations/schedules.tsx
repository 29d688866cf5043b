// Cron schedules: what runs when, and how its last run went (the failure message when it failed);
// a row opens the schedule's latest runs (jobs_cron_runs).
import { Alert, Badge, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useRpcQuery } from '../../lib/useRpc';
import { cronState, type CronJobRow, type CronRunRow } from './model';

const BADGE = { ok: 'success', failed: 'error', running: 'processing', never: 'default' } as const;

export function SchedulesTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data, error, isLoading } = useRpcQuery<CronJobRow[]>('jobs_cron_jobs', undefined, { refetchInterval: 30_000 });
  return (
    <>
      {error && <Alert type="error" showIcon data-testid="schedules-error" style={{ marginBottom: 16 }} message={describeError(error, t).title} />}
      <Table<CronJobRow> rowKey="jobid" dataSource={data ?? []} loading={isLoading} size="small" pagination={false}
        scroll={{ x: 900 }} data-testid="schedules-table"
        expandable={{ expandedRowRender: (r) => <CronRuns jobName={r.jobname} />, rowExpandable: (r) => !!r.last_status }}
        onRow={(r) => ({ 'data-testid': `schedule-${r.jobname}`, 'data-state': cronState(r.last_status) } as any)}>
        <Table.Column<CronJobRow> title={t('operations.schedules.name')} dataIndex="jobname"
          render={(v: string, r) => <><Typography.Text code>{v}</Typography.Text>
            {r.description && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.description}</Typography.Text></div>}</>} />
        <Table.Column<CronJobRow> title={t('operations.schedules.schedule')} dataIndex="schedule"
          render={(v: string) => <Typography.Text code dir="ltr">{v}</Typography.Text>} />
        <Table.Column<CronJobRow> title={t('operations.schedules.active')} dataIndex="active"
          render={(v: boolean) => v ? t('common.yes') : t('common.no')} />
        <Table.Column<CronJobRow> title={t('operations.schedules.last_run')} dataIndex="last_started_at"
          render={(v: string, r) => <><Badge status={BADGE[cronState(r.last_status)]} />{' '}
            {r.last_status ? formatDateTime(v, lang) : t('operations.schedules.never')}</>} />
        <Table.Column<CronJobRow> title={t('operations.schedules.outcome')} dataIndex="last_status"
          render={(v: string | null, r) => v ? (
            <Typography.Text type={cronState(v) === 'failed' ? 'danger' : undefined} dir="ltr"
              ellipsis={{ tooltip: r.last_message }} style={{ maxWidth: 320 }}>
              {t(`operations.schedules.status.${cronState(v)}`)}{r.last_message && cronState(v) === 'failed' ? `: ${r.last_message}` : ''}
            </Typography.Text>
          ) : '—'} />
      </Table>
    </>
  );
}

/** The latest runs of one schedule (fetched when its row is opened). */
function CronRuns({ jobName }: { jobName: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data, error, isLoading } = useRpcQuery<CronRunRow[]>('jobs_cron_runs', { job_name: jobName, max_rows: 20 });
  if (error) return <Alert type="error" showIcon message={describeError(error, t).title} />;
  return (
    <Table<CronRunRow> rowKey="runid" dataSource={data ?? []} loading={isLoading} size="small" pagination={false}
      data-testid={`cron-runs-${jobName}`} onRow={(r) => ({ 'data-state': cronState(r.status) } as any)}>
      <Table.Column<CronRunRow> title={t('operations.schedules.last_run')} dataIndex="start_time" render={(v: string) => formatDateTime(v, lang)} />
      <Table.Column<CronRunRow> title={t('operations.schedules.outcome')} dataIndex="status"
        render={(v: string) => <><Badge status={BADGE[cronState(v)]} /> {t(`operations.schedules.status.${cronState(v)}`)}</>} />
      <Table.Column<CronRunRow> title={t('operations.dead.error')} dataIndex="return_message"
        render={(v: string | null, r) => cronState(r.status) === 'failed' && v
          ? <Typography.Text type="danger" dir="ltr" ellipsis={{ tooltip: v }} style={{ maxWidth: 420 }}>{v}</Typography.Text> : null} />
    </Table>
  );
}
