// Queues: depth, in flight, last hour's rates, dead letters; pause / resume, and per queue its dead
// letters with retry / discard (and retry all).
import { useCan } from '@refinedev/core';
import { Alert, Badge, Button, Drawer, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PauseCircleOutlined, PlayCircleOutlined, RedoOutlined, DeleteOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import { formatAge, lastErrorText, queueState, successRate, type DeadLetterRow, type QueueStatsRow } from './model';

const STATE_BADGE = { ok: 'success', paused: 'default', failing: 'error', backlog: 'warning' } as const;

export function QueuesTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: can } = useCan({ resource: 'operations', action: 'operate' });
  const { data, error, isLoading } = useRpcQuery<QueueStatsRow[]>('jobs_queue_stats', undefined, { refetchInterval: 10_000 });
  const [open, setOpen] = useState<string | null>(null);
  const pause = useRpcMutation('jobs_pause_queue', { successKey: 'operations.queues.paused_ok' });
  const resume = useRpcMutation('jobs_resume_queue', { successKey: 'operations.queues.resumed_ok' });
  const n = (v: unknown) => formatNumber(Number(v), lang);
  return (
    <>
      {error && <Alert type="error" showIcon data-testid="queues-error" style={{ marginBottom: 16 }} message={describeError(error, t).title} />}
      <Table<QueueStatsRow> rowKey="queue_name" dataSource={data ?? []} loading={isLoading} size="small" pagination={false}
        scroll={{ x: 900 }} data-testid="queues-table"
        onRow={(q) => ({ 'data-testid': `queue-${q.queue_name}`, 'data-paused': String(q.paused) } as any)}>
        <Table.Column<QueueStatsRow> title={t('operations.queues.queue')} dataIndex="queue_name" fixed="left"
          render={(name: string, q) => (
            <Space><Badge status={STATE_BADGE[queueState(q)]} /><Typography.Text code>{name}</Typography.Text>
              {q.paused && <Tag data-testid="queue-paused-tag">{t('operations.queues.paused')}</Tag>}</Space>
          )} />
        <Table.Column<QueueStatsRow> title={t('operations.queues.depth')} dataIndex="depth" align="end" render={n} />
        <Table.Column<QueueStatsRow> title={t('operations.queues.oldest')} dataIndex="oldest_age_seconds" align="end"
          render={(s: number) => formatAge(s, t)} />
        <Table.Column<QueueStatsRow> title={t('operations.queues.running')} dataIndex="running" align="end" render={n} />
        <Table.Column<QueueStatsRow> title={t('operations.queues.succeeded')} dataIndex="succeeded_last_hour" align="end" render={n} />
        <Table.Column<QueueStatsRow> title={t('operations.queues.failed')} dataIndex="failed_last_hour" align="end"
          render={(v: number, q) => {
            const rate = successRate(q);
            return <Space size={4}><Typography.Text type={Number(v) > 0 ? 'danger' : undefined}>{n(v)}</Typography.Text>
              {rate !== null && <Typography.Text type="secondary">({t('operations.queues.success_rate', { rate: formatNumber(rate, lang) })})</Typography.Text>}</Space>;
          }} />
        <Table.Column<QueueStatsRow> title={t('operations.queues.dead_letters')} dataIndex="dead_letters" align="end"
          render={(v: number, q) => (
            <Button type="link" size="small" danger={Number(v) > 0} data-testid={`dead-letters-${q.queue_name}`}
              onClick={() => setOpen(q.queue_name)}>{n(v)}</Button>
          )} />
        {can?.can && (
          <Table.Column<QueueStatsRow> title={t('table.actions')} key="actions"
            render={(_, q) => q.paused ? (
              <Button size="small" icon={<PlayCircleOutlined />} loading={resume.isPending} data-testid={`resume-${q.queue_name}`}
                onClick={() => resume.mutateAsync({ queue: q.queue_name }).catch(() => undefined)}>{t('operations.queues.resume')}</Button>
            ) : (
              <Popconfirm title={t('operations.queues.pause_confirm')} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
                okButtonProps={{ 'data-testid': 'pause-ok' } as any}
                onConfirm={() => pause.mutateAsync({ queue: q.queue_name, reason: null }).catch(() => undefined)}>
                <Button size="small" icon={<PauseCircleOutlined />} loading={pause.isPending} data-testid={`pause-${q.queue_name}`}>
                  {t('operations.queues.pause')}</Button>
              </Popconfirm>
            )} />
        )}
      </Table>
      <DeadLetters queue={open} canOperate={!!can?.can} onClose={() => setOpen(null)} />
    </>
  );
}

function DeadLetters({ queue, canOperate, onClose }: { queue: string | null; canOperate: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data, error, isLoading } = useRpcQuery<DeadLetterRow[]>('jobs_dead_letters', { queue }, { enabled: !!queue });
  const retry = useRpcMutation('jobs_retry_dead_letter', { successKey: 'operations.dead.retried' });
  const discard = useRpcMutation('jobs_discard_dead_letter', { successKey: 'operations.dead.discarded' });
  const retryAll = useRpcMutation('jobs_retry_all_dead_letters', { successKey: 'operations.dead.retried_all' });
  return (
    <Drawer open={!!queue} onClose={onClose} width="min(960px, 100vw)" data-testid="dead-letters-drawer"
      title={t('operations.dead.title', { queue: queue ?? '' })}
      extra={canOperate && (data?.length ?? 0) > 0 && (
        <Popconfirm title={t('operations.dead.retry_all_confirm')} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
          onConfirm={() => retryAll.mutateAsync({ queue }).catch(() => undefined)}>
          <Button icon={<RedoOutlined />} data-testid="retry-all">{t('operations.dead.retry_all')}</Button>
        </Popconfirm>
      )}>
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={describeError(error, t).title} />}
      <Table<DeadLetterRow> rowKey="job_id" dataSource={data ?? []} loading={isLoading} size="small" scroll={{ x: 700 }}
        data-testid="dead-letters-table" locale={{ emptyText: t('operations.dead.empty') }}
        onRow={(r) => ({ 'data-testid': `dead-${r.job_id}` } as any)}>
        <Table.Column<DeadLetterRow> title={t('operations.history.job')} dataIndex="job_id" render={(v: number) => formatNumber(v, lang)} />
        <Table.Column<DeadLetterRow> title={t('operations.history.type')} dataIndex="job_type" render={(v: string) => <Typography.Text code>{v}</Typography.Text>} />
        <Table.Column<DeadLetterRow> title={t('operations.dead.attempts')} dataIndex="attempts" align="end" render={(v: number) => formatNumber(v, lang)} />
        <Table.Column<DeadLetterRow> title={t('operations.dead.error')} dataIndex="last_error"
          render={(e: unknown) => <Typography.Text type="danger" dir="ltr" ellipsis={{ tooltip: true }} style={{ maxWidth: 280 }}>{lastErrorText(e)}</Typography.Text>} />
        <Table.Column<DeadLetterRow> title={t('operations.dead.when')} dataIndex="dead_lettered_at" render={(v: string) => formatDateTime(v, lang)} />
        {canOperate && (
          <Table.Column<DeadLetterRow> title={t('table.actions')} key="actions"
            render={(_, r) => (
              <Space>
                <Button size="small" icon={<RedoOutlined />} data-testid={`retry-${r.job_id}`} loading={retry.isPending && retry.variables?.job_id === r.job_id}
                  onClick={() => retry.mutateAsync({ queue, job_id: r.job_id }).catch(() => undefined)}>{t('operations.dead.retry')}</Button>
                <Popconfirm title={t('operations.dead.discard_confirm')} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
                  okButtonProps={{ 'data-testid': 'discard-ok' } as any}
                  onConfirm={() => discard.mutateAsync({ queue, job_id: r.job_id }).catch(() => undefined)}>
                  <Button size="small" danger icon={<DeleteOutlined />} data-testid={`discard-${r.job_id}`}>{t('operations.dead.discard')}</Button>
                </Popconfirm>
              </Space>
            )} />
        )}
      </Table>
    </Drawer>
  );
}
