// Feature flags: state, kill switch (set_flag_killed, with a reason) and exposure (flag_exposure).
import { CreateButton, EditButton, List } from '@refinedev/antd';
import { useCan, useList } from '@refinedev/core';
import { Progress, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../../components/ReasonModal';
import { Ellipsis } from '../../components/Ellipsis';
import type { FlagRow } from '../../components/entitlements/model';
import { formatDateTime, formatNumber, localName } from '../../lib/format';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';

interface Exposure { flag: string; killed: boolean; tenants: number; enabled: number; share: number | null }

export function FlagExposure({ flagKey }: { flagKey: string }) {
  const { t, i18n } = useTranslation();
  const { data } = useRpcQuery<Exposure>('flag_exposure', { flag_key: flagKey });
  if (!data) return <span>…</span>;
  return (
    <div style={{ width: 150 }} data-testid={`flag-exposure-${flagKey}`} data-enabled={data.enabled} data-tenants={data.tenants}>
      <Progress percent={Number(data.share ?? 0)} size="small" showInfo={false} status={data.killed ? 'exception' : 'normal'} />
      <Typography.Text style={{ fontSize: 12 }}>
        {t('feature_flags.exposure_text', { enabled: formatNumber(data.enabled, i18n.language), tenants: formatNumber(data.tenants, i18n.language),
          share: formatNumber(Number(data.share ?? 0), i18n.language) })}
      </Typography.Text>
    </div>
  );
}

export function KillSwitch({ flag }: { flag: FlagRow }) {
  const { t } = useTranslation();
  const { data: canKill } = useCan({ resource: 'feature_flags', action: 'kill' });
  const [pending, setPending] = useState<boolean | null>(null);
  const kill = useRpcMutation('set_flag_killed', { successKey: 'feature_flags.kill_saved' });
  return (
    <>
      <Switch checked={!flag.killed} disabled={!canKill?.can} data-testid={`flag-kill-${flag.key}`} data-killed={String(flag.killed)}
        checkedChildren={t('feature_flags.live')} unCheckedChildren={t('feature_flags.killed')}
        onChange={(on) => setPending(!on)} />
      <ReasonModal open={pending !== null} danger={pending === true} reasonRequired
        title={t(pending ? 'feature_flags.kill_title' : 'feature_flags.revive_title', { key: flag.key })}
        description={<Typography.Paragraph>{t(pending ? 'feature_flags.kill_explain' : 'feature_flags.revive_explain')}</Typography.Paragraph>}
        confirmLoading={kill.isPending} onCancel={() => setPending(null)}
        onConfirm={(v) => kill.mutate({ key: flag.key, killed: pending, reason: v.reason }, { onSuccess: () => setPending(null) })} />
    </>
  );
}

export function FlagList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { result, query } = useList<FlagRow>({ resource: 'feature_flags', sorters: [{ field: 'key', order: 'asc' }], pagination: { mode: 'off' } });
  const csvColumns: CsvColumn<FlagRow>[] = [
    { title: t('feature_flags.fields.key'), value: (r) => r.key },
    { title: t('feature_flags.fields.description'), value: (r) => localName(r.description, lang) },
    { title: t('feature_flags.fields.state'), value: (r) => t(r.killed ? 'feature_flags.killed' : 'feature_flags.live') },
    { title: t('feature_flags.fields.default_enabled'), value: (r) => t(r.default_enabled ? 'feature_flags.on' : 'feature_flags.off') },
    { title: t('feature_flags.fields.rules'), value: (r) => r.rules.map((x) => `${t(`feature_flags.rule_types.${x.type}`)}${x.type === 'percentage' ? ` ${x.percentage ?? 0}%` : ''}`).join('; ') },
    { title: t('feature_flags.fields.version'), value: (r) => r.version },
    { title: t('feature_flags.fields.updated_at'), value: (r) => r.updated_at },
  ];
  return (
    <List headerButtons={<>
      <ExportCsvButton list="feature-flags" columns={csvColumns} source={{ resource: 'feature_flags', sorters: [{ field: 'key', order: 'asc' }] }} />
      <CreateButton data-testid="flag-create" />
    </>}>
      <Table<FlagRow> rowKey="key" dataSource={result?.data ?? []} loading={query.isLoading} pagination={false} data-testid="flags-table"
        scroll={{ x: 'max-content' }}>
        <Table.Column dataIndex="key" title={t('feature_flags.fields.key')}
          render={(v: string) => <span data-testid={`flag-row-${v}`}><Ellipsis text={v} code dir="ltr" width={200} /></span>} />
        <Table.Column dataIndex="description" title={t('feature_flags.fields.description')}
          render={(v) => <Ellipsis text={localName(v, lang)} width={150} />} />
        <Table.Column key="state" title={t('feature_flags.fields.state')} render={(_, r: FlagRow) => (
          <Tag color={r.killed ? 'red' : 'green'} data-testid={`flag-state-${r.key}`} data-killed={String(r.killed)}>
            {t(r.killed ? 'feature_flags.killed' : 'feature_flags.live')}
          </Tag>
        )} />
        <Table.Column key="kill" title={t('feature_flags.fields.kill_switch')} render={(_, r: FlagRow) => <KillSwitch flag={r} />} />
        <Table.Column dataIndex="default_enabled" title={t('feature_flags.fields.default_enabled')}
          render={(v: boolean) => t(v ? 'feature_flags.on' : 'feature_flags.off')} />
        <Table.Column key="rules" title={t('feature_flags.fields.rules')} render={(_, r: FlagRow) => (
          <Space wrap size={4} style={{ maxWidth: 170 }}>{r.rules.map((x, i) => (
            <Tag key={i}>{t(`feature_flags.rule_types.${x.type}`)}{x.type === 'percentage' ? ` ${formatNumber(x.percentage ?? 0, lang)}%` : ''}</Tag>
          ))}</Space>
        )} />
        <Table.Column key="exposure" title={t('feature_flags.fields.exposure')} render={(_, r: FlagRow) => <FlagExposure flagKey={r.key} />} />
        <Table.Column dataIndex="version" title={t('feature_flags.fields.version')} render={(v: number) => `v${formatNumber(v, lang)}`} />
        <Table.Column dataIndex="updated_at" title={t('feature_flags.fields.updated_at')}
          render={(v) => <Ellipsis text={formatDateTime(v, lang)} width={110} />} />
        <Table.Column key="actions" title={t('table.actions')} fixed="right" width={80}
          render={(_, r: FlagRow) => <EditButton hideText size="small" recordItemId={r.key} data-testid={`flag-edit-${r.key}`} />} />
      </Table>
    </List>
  );
}
