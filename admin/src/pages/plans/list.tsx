import { CreateButton, EditButton, List } from '@refinedev/antd';
import { Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { displayValue, useAddOns, useCurrentPlans, useFeatures } from '../../components/entitlements/data';
import { draftFromPlan, featureValue, type Feature, type PlanRow } from '../../components/entitlements/model';
import { formatNumber, localName } from '../../lib/format';
import { useRpcQuery } from '../../lib/useRpc';
import type { UsageRow } from '../../types/rows';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';


export function PlanList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { plans, loading } = useCurrentPlans();
  const { features } = useFeatures();
  const { addOns } = useAddOns();
  const { data: usage } = useRpcQuery<UsageRow[]>('entitlement_usage_report');
  const subscribers = (code: string) => (usage ?? []).filter((u) => u.kind === 'plan' && u.code.startsWith(`${code} v`))
    .reduce((n, u) => n + Number(u.tenants), 0);
  const monthly = (p: PlanRow, currency: string) => p.plan_prices?.find((x) => x.currency === currency && x.interval === 'month')?.amount;
  const drafts = new Map(plans.map((p) => [p.code, draftFromPlan(p, features)]));
  const activePlans = plans.filter((p) => p.status === 'active');
  const planColumns: CsvColumn<PlanRow>[] = [
    { title: t('plans.fields.code'), value: (r) => r.code },
    { title: t('plans.fields.name'), value: (r) => localName(r.name, lang) },
    { title: t('plans.fields.version'), value: (r) => r.version },
    { title: t('plans.fields.tier'), value: (r) => r.tier },
    { title: t('plans.fields.monthly_price', { currency: 'OMR' }), value: (r) => monthly(r, 'OMR') },
    { title: t('plans.fields.trial_days'), value: (r) => r.trial_days },
    { title: t('plans.fields.subscribers'), value: (r) => subscribers(r.code) },
    { title: t('plans.fields.status'), value: (r) => t(`plans.status.${r.status}`) },
    { title: t('plans.fields.is_default'), value: (r) => t(r.is_default ? 'common.yes' : 'common.no') },
  ];
  const matrixColumns: CsvColumn<Feature>[] = [
    { title: t('plans.fields.feature'), value: (f) => localName(f.name, lang) },
    { title: 'key', value: (f) => f.key },
    { title: t('plans.fields.type'), value: (f) => t(`plans.feature_types.${f.type}`) },
    ...activePlans.map((p) => ({ title: localName(p.name, lang), value: (f: Feature) => {
      const d = drafts.get(p.code);
      if (!d) return '';
      const v = featureValue(d, f);
      const lt = f.type === 'limit' ? d.limits[f.key]?.type : undefined;
      return `${displayValue(v.value, t)}${lt && lt !== 'hard' ? ` (${t(`plans.limit_types.${lt}`)})` : ''}`;
    } })),
  ];
  return (
    <List headerButtons={<CreateButton data-testid="plan-create" />}>
      <Tabs items={[
        { key: 'plans', label: t('plans.tabs.plans'), children: (<>
          <Space style={{ marginBottom: 12 }}><ExportCsvButton list="plans" columns={planColumns} source={{ rows: plans }} /></Space>
          <Table<PlanRow> rowKey="id" dataSource={plans} loading={loading} pagination={false} data-testid="plans-table" size="middle">
            <Table.Column dataIndex="code" title={t('plans.fields.code')}
              render={(v: string) => <Typography.Text code dir="ltr" data-testid={`plan-row-${v}`}>{v}</Typography.Text>} />
            <Table.Column dataIndex="name" title={t('plans.fields.name')} render={(v) => localName(v, lang)} />
            <Table.Column dataIndex="version" title={t('plans.fields.version')} render={(v: number) => `v${formatNumber(v, lang)}`} />
            <Table.Column dataIndex="tier" title={t('plans.fields.tier')} render={(v: number) => formatNumber(v, lang)} />
            <Table.Column key="omr" title={t('plans.fields.monthly_price', { currency: 'OMR' })}
              render={(_, r: PlanRow) => { const a = monthly(r, 'OMR'); return a === undefined ? '—' : formatNumber(Number(a), lang); }} />
            <Table.Column dataIndex="trial_days" title={t('plans.fields.trial_days')} render={(v: number) => formatNumber(v, lang)} />
            <Table.Column key="subscribers" title={t('plans.fields.subscribers')}
              render={(_, r: PlanRow) => formatNumber(subscribers(r.code), lang)} />
            <Table.Column key="status" title={t('plans.fields.status')}
              render={(_, r: PlanRow) => (
                <Space size={4}>
                  <Tag color={r.status === 'active' ? 'green' : 'default'} data-testid={`plan-status-${r.code}`}>{t(`plans.status.${r.status}`)}</Tag>
                  {r.is_default && <Tag color="blue">{t('plans.fields.is_default')}</Tag>}
                </Space>
              )} />
            <Table.Column key="actions" title={t('table.actions')}
              render={(_, r: PlanRow) => <EditButton hideText size="small" recordItemId={r.id} data-testid={`plan-edit-${r.code}`} />} />
          </Table>
        </>) },
        { key: 'matrix', label: <span data-testid="tab-matrix">{t('plans.tabs.matrix')}</span>, children: (<>
          <Space style={{ marginBottom: 12 }}><ExportCsvButton list="plan-matrix" columns={matrixColumns} source={{ rows: features }} /></Space>
          <Table<Feature> rowKey="key" dataSource={features} pagination={false} size="small" data-testid="plans-matrix"
            scroll={{ x: 900 }}>
            <Table.Column key="feature" title={t('plans.fields.feature')} fixed="left"
              render={(_, f: Feature) => (
                <Space direction="vertical" size={0}>
                  <span>{localName(f.name, lang)}</span>
                  <Typography.Text type="secondary" code dir="ltr" style={{ fontSize: 11 }}>{f.key}</Typography.Text>
                </Space>
              )} />
            <Table.Column dataIndex="type" title={t('plans.fields.type')} render={(v: string) => t(`plans.feature_types.${v}`)} />
            {activePlans.map((p) => (
              <Table.Column key={p.code} title={localName(p.name, lang)} align="center"
                render={(_, f: Feature) => {
                  const d = drafts.get(p.code);
                  if (!d) return '—';
                  const v = featureValue(d, f);
                  const lt = f.type === 'limit' ? d.limits[f.key]?.type : undefined;
                  return (
                    <span style={{ opacity: v.inherited ? 0.5 : 1 }}>
                      {displayValue(v.value, t)}{lt && lt !== 'hard' ? <Tag style={{ marginInlineStart: 4 }}>{t(`plans.limit_types.${lt}`)}</Tag> : null}
                    </span>
                  );
                }} />
            ))}
          </Table>
        </>) },
        { key: 'add_ons', label: <span data-testid="tab-add-ons">{t('plans.tabs.add_ons')}</span>, children: (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph type="secondary">{t('plans.add_ons_explain')}</Typography.Paragraph>
            {addOns.map((a) => (
              <Card key={a.code} size="small" title={<Space>{localName(a.name, lang)}<Typography.Text code dir="ltr">{a.code}</Typography.Text></Space>}
                extra={t('plans.fields.subscribers_n', { count: (usage ?? []).find((u) => u.kind === 'add_on' && u.code === a.code)?.tenants ?? 0 })}>
                <Space wrap>
                  {(a.add_on_features ?? []).map((af) => (
                    <Tag key={af.feature_key}><span dir="ltr">{af.feature_key}</span>: {displayValue(af.value, t)}</Tag>
                  ))}
                </Space>
                <div style={{ marginTop: 8 }}>
                  {Object.entries(a.prices ?? {}).map(([cur, p]) => (
                    <Tag key={cur} color="geekblue" dir="ltr">{cur} {Object.entries(p).map(([i, v]) => `${v}/${t(`plans.intervals.${i}`)}`).join(' · ')}</Tag>
                  ))}
                </div>
              </Card>
            ))}
          </Space>
        ) },
      ]} />
    </List>
  );
}
