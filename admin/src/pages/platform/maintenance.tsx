// The maintenance switch (issue 17 §6): on now or scheduled, for the platform or one region, with
// an en/ar message; confirming asks for a reason. Windows still running or waiting can be switched
// off (with a reason). A role without settings.write sees the windows only.
import { List } from '@refinedev/antd';
import { useCan, useList } from '@refinedev/core';
import { Button, Card, DatePicker, Form, Input, Radio, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../../components/ReasonModal';
import { formatDateTime } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import type { MaintenanceWindowRow } from '../../types/rows';

export const REGIONS = ['GCC-OM', 'GCC-SA', 'GCC-AE', 'GCC-BH', 'GCC-KW', 'GCC-QA', 'EU'] as const;

interface SwitchForm { region: string; when: 'now' | 'scheduled'; starts_at?: Dayjs; ends_at?: Dayjs; message_en: string; message_ar: string }

function windowState(w: MaintenanceWindowRow, now = Date.now()): 'running' | 'scheduled' | 'over' {
  if (w.ended_at || (w.ends_at && new Date(w.ends_at).getTime() <= now)) return 'over';
  return new Date(w.starts_at).getTime() <= now ? 'running' : 'scheduled';
}

function SwitchOn() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SwitchForm>();
  const [pending, setPending] = useState<SwitchForm | null>(null);
  const schedule = useRpcMutation('schedule_maintenance', { successKey: 'platform.maintenance.scheduled' });
  const when = Form.useWatch('when', form);
  return (
    <Card title={t('platform.maintenance.switch_title')} style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" initialValues={{ region: 'global', when: 'now' }} onFinish={setPending} style={{ maxWidth: 560 }}>
        <Form.Item name="region" label={t('platform.maintenance.scope')}>
          <Select data-testid="maintenance-scope" options={[{ value: 'global', label: t('platform.scope.global') },
            ...REGIONS.map((r) => ({ value: r, label: t(`platform.regions.${r}`, r) }))]} />
        </Form.Item>
        <Form.Item name="when" label={t('platform.maintenance.when')}>
          <Radio.Group data-testid="maintenance-when" options={[{ value: 'now', label: t('platform.maintenance.now') },
            { value: 'scheduled', label: t('platform.maintenance.scheduled_option') }]} />
        </Form.Item>
        {when === 'scheduled' && (
          <Form.Item name="starts_at" label={t('platform.maintenance.starts_at')} rules={[{ required: true, message: t('platform.maintenance.start_missing') }]}>
            <DatePicker showTime data-testid="maintenance-starts-at" />
          </Form.Item>
        )}
        <Form.Item name="ends_at" label={t('platform.maintenance.ends_at')}
          rules={[({ getFieldValue }) => ({ validator: (_, v: Dayjs | undefined) => {
            const start = getFieldValue('starts_at') as Dayjs | undefined;
            return !v || v.isAfter(start ?? Date.now()) ? Promise.resolve() : Promise.reject(new Error(t('platform.maintenance.end_before_start')));
          } })]}>
          <DatePicker showTime data-testid="maintenance-ends-at" />
        </Form.Item>
        <Form.Item name="message_en" label={t('platform.maintenance.message_en')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea dir="ltr" lang="en" rows={2} maxLength={500} data-testid="maintenance-message-en-input" />
        </Form.Item>
        <Form.Item name="message_ar" label={t('platform.maintenance.message_ar')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea dir="rtl" lang="ar" rows={2} maxLength={500} data-testid="maintenance-message-ar-input" />
        </Form.Item>
        <Button type="primary" danger htmlType="submit" data-testid="maintenance-switch-on">{t('platform.maintenance.switch_on')}</Button>
      </Form>
      <ReasonModal open={!!pending} danger reasonRequired title={t('platform.maintenance.confirm_title')}
        description={<Typography.Paragraph>{t('platform.maintenance.confirm_explain')}</Typography.Paragraph>}
        confirmLoading={schedule.isPending} onCancel={() => setPending(null)}
        onConfirm={(v) => pending && schedule.mutate({
          region: pending.region === 'global' ? null : pending.region,
          starts_at: pending.when === 'scheduled' ? pending.starts_at?.toISOString() : null,
          ends_at: pending.ends_at?.toISOString() ?? null,
          message: { en: pending.message_en, ar: pending.message_ar }, reason: v.reason,
        }, { onSuccess: () => { setPending(null); form.resetFields(); } })} />
    </Card>
  );
}

export function MaintenancePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: can } = useCan({ resource: 'platform_maintenance', action: 'edit' });
  const canWrite = !!can?.can;
  const { result, query } = useList<MaintenanceWindowRow>({ resource: 'maintenance_windows', sorters: [{ field: 'starts_at', order: 'desc' }],
    pagination: { pageSize: 50 } });
  const [ending, setEnding] = useState<MaintenanceWindowRow | null>(null);
  const end = useRpcMutation('end_maintenance', { successKey: 'platform.maintenance.ended' });
  return (
    <List title={t('platform_maintenance.titles.list')}>
      {canWrite ? <SwitchOn /> : <Typography.Paragraph type="secondary" data-testid="maintenance-read-only">{t('platform.settings.read_only')}</Typography.Paragraph>}
      <Table<MaintenanceWindowRow> rowKey="id" dataSource={result?.data ?? []} loading={query.isLoading} data-testid="maintenance-table" scroll={{ x: 'max-content' }}>
        <Table.Column key="state" title={t('platform.maintenance.state')} render={(_, w: MaintenanceWindowRow) => {
          const s = windowState(w);
          return <Tag color={s === 'running' ? 'red' : s === 'scheduled' ? 'orange' : 'default'} data-testid={`window-state-${w.id}`}>{t(`platform.maintenance.states.${s}`)}</Tag>;
        }} />
        <Table.Column dataIndex="region" title={t('platform.maintenance.scope')}
          render={(v: string | null) => (v ? t(`platform.regions.${v}`, v) : t('platform.scope.global'))} />
        <Table.Column dataIndex="starts_at" title={t('platform.maintenance.starts_at')} render={(v) => formatDateTime(v, lang)} />
        <Table.Column dataIndex="ends_at" title={t('platform.maintenance.ends_at')} render={(v, w: MaintenanceWindowRow) => formatDateTime(w.ended_at ?? v, lang) || '—'} />
        <Table.Column key="message" title={t('platform.maintenance.message')} render={(_, w: MaintenanceWindowRow) => (
          <div style={{ maxWidth: 320 }}><div dir="ltr">{w.message.en}</div><div dir="rtl">{w.message.ar}</div></div>)} />
        <Table.Column dataIndex="reason" title={t('platform.maintenance.reason')} />
        <Table.Column key="actions" title={t('table.actions')} render={(_, w: MaintenanceWindowRow) => canWrite && windowState(w) !== 'over' && (
          <Button size="small" danger data-testid={`window-end-${w.id}`} onClick={() => setEnding(w)}>
            {t(windowState(w) === 'running' ? 'platform.maintenance.switch_off' : 'platform.maintenance.cancel')}
          </Button>)} />
      </Table>
      <ReasonModal open={!!ending} reasonRequired title={t('platform.maintenance.end_title')} confirmLoading={end.isPending}
        onCancel={() => setEnding(null)}
        onConfirm={(v) => ending && end.mutate({ window_id: ending.id, reason: v.reason }, { onSuccess: () => setEnding(null) })} />
    </List>
  );
}
