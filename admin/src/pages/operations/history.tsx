// Job history: every attempt, newest first, searched by job type, id or error, filtered by queue,
// outcome and date range (jobs_history; at most 500 rows, the newest).
import { Alert, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { describeError } from '../../lib/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useRpcQuery } from '../../lib/useRpc';
import { JOB_OUTCOMES, OUTCOME_COLOR, type JobRunRow, type QueueStatsRow } from './model';

export function HistoryTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [search, setSearch] = useState('');
  const [queue, setQueue] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const { data: queues } = useRpcQuery<QueueStatsRow[]>('jobs_queue_stats');
  const args = {
    search: search || null, queue, run_outcome: outcome,
    since: range?.[0]?.startOf('day').toISOString() ?? null, until: range?.[1]?.endOf('day').toISOString() ?? null,
    max_rows: 500,
  };
  const { data, error, isLoading } = useRpcQuery<JobRunRow[]>('jobs_history', args);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search allowClear placeholder={t('operations.history.search')} style={{ width: 260 }} data-testid="history-search"
          maxLength={200} onSearch={(v) => setSearch(v.trim())} />
        <Select allowClear placeholder={t('operations.queues.queue')} style={{ width: 180 }} value={queue} onChange={(v) => setQueue(v ?? null)}
          data-testid="history-queue" options={(queues ?? []).map((q) => ({ value: q.queue_name, label: q.queue_name }))} />
        <Select allowClear placeholder={t('operations.history.outcome')} style={{ width: 180 }} value={outcome} onChange={(v) => setOutcome(v ?? null)}
          data-testid="history-outcome" options={JOB_OUTCOMES.map((o) => ({ value: o, label: t(`operations.outcome.${o}`) }))} />
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v?.[0] && v?.[1] ? [v[0], v[1]] : null)} />
      </Space>
      {error && <Alert type="error" showIcon data-testid="history-error" message={describeError(error, t).title} />}
      <Table<JobRunRow> rowKey="id" dataSource={data ?? []} loading={isLoading} size="small" scroll={{ x: 1000 }}
        data-testid="history-table" pagination={{ pageSize: 25, showSizeChanger: false }}
        onRow={(r) => ({ 'data-testid': `run-${r.id}`, 'data-outcome': r.outcome } as any)}>
        <Table.Column<JobRunRow> title={t('operations.history.started')} dataIndex="started_at" render={(v: string) => formatDateTime(v, lang)} />
        <Table.Column<JobRunRow> title={t('operations.queues.queue')} dataIndex="queue_name" render={(v: string) => <Typography.Text code>{v}</Typography.Text>} />
        <Table.Column<JobRunRow> title={t('operations.history.type')} dataIndex="job_type" render={(v: string) => <Typography.Text code>{v}</Typography.Text>} />
        <Table.Column<JobRunRow> title={t('operations.history.job')} dataIndex="job_id"
          render={(v: number, r) => `${formatNumber(v, lang)} · ${t('operations.history.attempt', { n: formatNumber(r.attempt, lang) })}`} />
        <Table.Column<JobRunRow> title={t('operations.history.outcome')} dataIndex="outcome"
          render={(v: string) => <Tag color={OUTCOME_COLOR[v]}>{t(`operations.outcome.${v}`, v)}</Tag>} />
        <Table.Column<JobRunRow> title={t('operations.history.duration')} dataIndex="duration_ms" align="end"
          render={(v: number | null) => v === null ? '—' : t('operations.history.ms', { n: formatNumber(Number(v), lang) })} />
        <Table.Column<JobRunRow> title={t('operations.dead.error')} dataIndex="error_message"
          render={(v: string | null) => v ? <Typography.Text type="danger" dir="ltr" ellipsis={{ tooltip: v }} style={{ maxWidth: 280 }}>{v}</Typography.Text> : null} />
      </Table>
    </Space>
  );
}
