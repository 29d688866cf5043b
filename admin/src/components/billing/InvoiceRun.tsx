// *Run invoicing now*: starts the run (start_invoice_run), says how many subscription periods it
// enqueued, then follows them (invoice_run_progress) until none is left, with a progress bar.
import { Alert, Button, Progress, Space, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { isPageData, useRpcMutation, useRpcQuery } from '../../lib/useRpc';

interface RunProgress { remaining: number; succeeded: number; failed: number }
interface Run { enqueued: number; since: string }

/** How far a run is: periods invoiced of those enqueued, and whether it is over. */
export function runState(run: Run, p: RunProgress | undefined) {
  const done = p ? Math.min(run.enqueued, Math.max(run.enqueued - p.remaining, p.succeeded)) : 0;
  const failed = p?.failed ?? 0;
  const finished = run.enqueued === 0 || (!!p && (p.remaining === 0 || done + failed >= run.enqueued));
  return { done, failed, finished, percent: run.enqueued ? Math.round((done / run.enqueued) * 100) : 100 };
}

export function InvoiceRunButton() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const qc = useQueryClient();
  const [run, setRun] = useState<Run | null>(null);
  const start = useRpcMutation<{ enqueued?: number }>('start_invoice_run');
  const { data: progress } = useRpcQuery<RunProgress>('invoice_run_progress', { since: run?.since }, {
    enabled: !!run && run.enqueued > 0, refetchInterval: (q) => (run && runState(run, q.state.data as RunProgress | undefined).finished ? false : 2000),
  });
  const state = run ? runState(run, progress) : null;
  // when the run is over, the invoice list shows the new invoices
  useEffect(() => {
    if (state?.finished && run && run.enqueued > 0) void qc.invalidateQueries({ predicate: isPageData });
  }, [state?.finished, run, qc]);

  const onClick = () => {
    const since = new Date(Date.now() - 1000).toISOString();
    start.mutate({}, { onSuccess: (r) => setRun({ enqueued: Number(r?.enqueued ?? 0), since }) });
  };
  return (
    <Space direction="vertical" size={4} style={{ alignItems: 'flex-end' }}>
      <Button icon={<ThunderboltOutlined />} loading={start.isPending || (!!state && !state.finished)} onClick={onClick}
        data-testid="invoice-run">
        {t('billing.invoices.run_now')}
      </Button>
      {run && state && (
        <Alert type={state.failed ? 'warning' : state.finished ? 'success' : 'info'} showIcon closable onClose={() => setRun(null)}
          data-testid="invoice-run-result" data-enqueued={run.enqueued} data-finished={String(state.finished)}
          message={run.enqueued === 0
            ? t('billing.invoices.run_nothing')
            : t('billing.invoices.run_enqueued', { n: formatNumber(run.enqueued, lang) })}
          description={run.enqueued > 0 && (
            <div style={{ minWidth: 260 }}>
              <Progress percent={state.percent} size="small" status={state.failed ? 'exception' : state.finished ? 'success' : 'active'}
                data-testid="invoice-run-progress" />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(state.finished ? 'billing.invoices.run_finished' : 'billing.invoices.run_progress',
                  { done: formatNumber(state.done, lang), total: formatNumber(run.enqueued, lang), failed: formatNumber(state.failed, lang) })}
              </Typography.Text>
            </div>
          )} />
      )}
    </Space>
  );
}
