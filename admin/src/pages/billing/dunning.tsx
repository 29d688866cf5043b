// Dunning board: open cases in columns by stage (retrying → warned → past_due → suspended), each
// with its tenant, invoice, amount due, next action and when; "Run next step now" → dunning_advance.
import { List } from '@refinedev/antd';
import { useCan, useList } from '@refinedev/core';
import { Alert, Badge, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import { ForwardOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Amount, DUNNING_STAGES, InvoiceLink, TenantLink, lastResultKey, one, type TenantRef } from '../../components/billing/common';
import { useMoney } from '../../components/billing/money';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import type { DunningCaseRow, DunningPolicyRow as Policy } from '../../types/rows';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';
export type { DunningCaseRow };



const STAGE_COLOR: Record<string, string> = { retrying: '#faad14', warned: '#fa8c16', past_due: '#f5222d', suspended: '#a8071a' };

/** Open cases grouped by stage, the next action first in each column. */
export function groupByStage(cases: DunningCaseRow[]): Record<string, DunningCaseRow[]> {
  const out: Record<string, DunningCaseRow[]> = Object.fromEntries(DUNNING_STAGES.map((s) => [s, []]));
  for (const c of cases) if (c.closed_at === null && out[c.stage]) out[c.stage].push(c);
  for (const s of DUNNING_STAGES) {
    out[s].sort((a, b) => (a.next_action_at ?? '9999').localeCompare(b.next_action_at ?? '9999'));
  }
  return out;
}

export function DunningBoard() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const money = useMoney(lang);
  const { data: canAdvance } = useCan({ resource: 'billing_dunning', action: 'advance' });
  const { result, query } = useList<DunningCaseRow>({
    resource: 'dunning_cases', pagination: { mode: 'off' },
    filters: [{ field: 'closed_at', operator: 'null', value: true }],
    meta: { select: '*, tenant:tenants(id,slug,name,status), invoice:invoices(id,number,amount_due,currency,due_date,status)' },
    queryOptions: { refetchInterval: 15_000 },
  });
  const { result: policyRows } = useList<Policy>({ resource: 'dunning_policy', pagination: { mode: 'off' } });
  const policy = policyRows?.data?.[0];
  const advance = useRpcMutation<{ stage?: string; action?: string }>('dunning_advance', { successKey: 'billing.dunning.advanced' });
  const columns = groupByStage(result?.data ?? []);
  const days = (xs: number[] | undefined) => (xs ?? []).map((d) => formatNumber(d, lang)).join(lang === 'ar' ? '، ' : ', ');
  const csvColumns: CsvColumn<DunningCaseRow>[] = [
    { title: t('billing.fields.tenant'), value: (c) => one(c.tenant)?.slug },
    { title: t('billing.fields.invoice'), value: (c) => one(c.invoice)?.number },
    { title: t('billing.fields.status'), value: (c) => t(`billing.status.dunning.${c.stage}`) },
    { title: t('billing.fields.currency'), value: (c) => one(c.invoice)?.currency },
    { title: t('billing.fields.amount_due'), value: (c) => one(c.invoice)?.amount_due },
    { title: t('billing.dunning.retries_done'), value: (c) => c.retries_done },
    { title: t('billing.dunning.reminders_sent'), value: (c) => c.reminders_sent },
    { title: t('billing.dunning.next_action'), value: (c) => (c.next_action ? t(`billing.dunning.actions.${c.next_action}`, c.next_action) : '') },
    { title: t('billing.dunning.next_action_at'), value: (c) => c.next_action_at },
    { title: t('billing.dunning.last_result'), value: (c) => (c.last_result ? t(`billing.dunning.results.${lastResultKey(c.last_result)}`, c.last_result) : '') },
  ];
  return (
    <List headerButtons={<ExportCsvButton list="dunning" columns={csvColumns} source={{ rows: result?.data ?? [] }} />}>
      {policy && (
        <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }} data-testid="dunning-policy"
          title={t('billing.dunning.policy')}>
          <Descriptions.Item label={t('billing.dunning.retry_days')}>{days(policy.retry_days)}</Descriptions.Item>
          <Descriptions.Item label={t('billing.dunning.reminder_days')}>{days(policy.reminder_days)}</Descriptions.Item>
          <Descriptions.Item label={t('billing.dunning.warn_after')}>{formatNumber(policy.warn_after_days, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('billing.dunning.past_due_after')}>{formatNumber(policy.past_due_after_days, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('billing.dunning.suspend_after')}>{formatNumber(policy.suspend_after_days, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('billing.dunning.uncollectible_after')}>{formatNumber(policy.uncollectible_after_days, lang)}</Descriptions.Item>
        </Descriptions>
      )}
      {query.isError && <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="dunning-error" message={t('billing.load_failed')} />}
      <Row gutter={[12, 12]} data-testid="dunning-board">
        {DUNNING_STAGES.map((stage) => (
          <Col key={stage} xs={24} md={12} xl={6}>
            <Card size="small" data-testid={`dunning-column-${stage}`} loading={query.isLoading}
              title={<Space><Badge color={STAGE_COLOR[stage]} />{t(`billing.status.dunning.${stage}`)}<Tag>{formatNumber(columns[stage].length, lang)}</Tag></Space>}
              styles={{ body: { background: 'rgba(0,0,0,0.02)', minHeight: 160 } }}>
              {columns[stage].length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('billing.dunning.empty')} />}
              <Space direction="vertical" style={{ width: '100%' }}>
                {columns[stage].map((c) => {
                  const inv = one(c.invoice);
                  const tenant = one(c.tenant);
                  return (
                    <Card key={c.id} size="small" data-testid={`dunning-case-${inv?.number ?? c.id}`} data-stage={c.stage}
                      data-steps={c.retries_done + c.reminders_sent}>
                      <Space direction="vertical" size={2} style={{ width: '100%' }}>
                        <TenantLink tenant={tenant} lang={lang} />
                        <Space wrap size={4}>
                          <InvoiceLink invoice={inv} draftLabel={t('billing.invoices.draft')} />
                          <Amount strong>{inv ? money(inv.amount_due, inv.currency) : '—'}</Amount>
                        </Space>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('billing.dunning.retries', { n: formatNumber(c.retries_done, lang) })} · {t('billing.dunning.reminders', { n: formatNumber(c.reminders_sent, lang) })}
                        </Typography.Text>
                        <div data-testid="dunning-next">
                          {c.next_action
                            ? t('billing.dunning.next', { action: t(`billing.dunning.actions.${c.next_action}`, c.next_action), when: formatDateTime(c.next_action_at, lang) })
                            : t('billing.dunning.no_next')}
                        </div>
                        {c.last_result && (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="dunning-last-result">
                            {t('billing.dunning.last_result')}: {t(`billing.dunning.results.${lastResultKey(c.last_result)}`, c.last_result)}
                          </Typography.Text>
                        )}
                        {canAdvance?.can && (
                          // One step at a time: while a step is being run (and the board refetched),
                          // no case can be advanced again from a board that does not show its result yet.
                          <Popconfirm title={t('billing.dunning.advance_confirm')} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
                            okButtonProps={{ 'data-testid': 'dunning-advance-ok' } as any} disabled={advance.isPending}
                            onConfirm={() => advance.mutateAsync({ case_id: c.id, reason: null }).catch(() => undefined)}>
                            <Button size="small" icon={<ForwardOutlined />} loading={advance.isPending && advance.variables?.case_id === c.id}
                              disabled={advance.isPending}
                              data-testid={`dunning-advance-${inv?.number ?? c.id}`}>{t('billing.dunning.advance')}</Button>
                          </Popconfirm>
                        )}
                      </Space>
                    </Card>
                  );
                })}
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
    </List>
  );
}
