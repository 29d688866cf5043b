// Announcements to tenants (issue 17 §6): en/ar title and body, severity, window, targets (plans,
// regions, tenants; none: everyone). Tenant apps read the current ones through platform_status().
import { List } from '@refinedev/antd';
import { useCan, useList } from '@refinedev/core';
import { Button, DatePicker, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../../components/ReasonModal';
import { formatDateTime, localName } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import { REGIONS } from './maintenance';
import type { AnnouncementRow } from '../../types/rows';

interface AnnouncementForm {
  title_en: string; title_ar: string; body_en: string; body_ar: string; severity: string; starts_at?: Dayjs; ends_at?: Dayjs;
  target_plans: string[]; target_regions: string[]; target_tenants: string[]; send_notification: boolean;
}
const SEVERITY_COLOR = { info: 'blue', warning: 'orange', critical: 'red' } as const;

function AnnouncementModal({ row, onClose }: { row: AnnouncementRow | 'new'; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<AnnouncementForm>();
  const save = useRpcMutation('save_announcement', { successKey: 'platform.announcements.saved' });
  const { result: plans } = useList<{ code: string; name: unknown }>({ resource: 'plans', pagination: { mode: 'off' } });
  const { result: tenants } = useList<{ id: string; slug: string }>({ resource: 'tenants', pagination: { pageSize: 200 } });
  const r = row === 'new' ? null : row;
  const initial: Partial<AnnouncementForm> = r ? {
    title_en: r.title.en, title_ar: r.title.ar, body_en: r.body.en, body_ar: r.body.ar, severity: r.severity,
    starts_at: dayjs(r.starts_at), ends_at: r.ends_at ? dayjs(r.ends_at) : undefined, target_plans: r.target_plans,
    target_regions: r.target_regions, target_tenants: r.target_tenants, send_notification: r.send_notification,
  } : { severity: 'info', target_plans: [], target_regions: [], target_tenants: [], send_notification: false };
  const submit = (v: AnnouncementForm) => save.mutate({
    announcement_id: r?.id ?? null, title: { en: v.title_en, ar: v.title_ar }, body: { en: v.body_en, ar: v.body_ar }, severity: v.severity,
    starts_at: v.starts_at?.toISOString() ?? null, ends_at: v.ends_at?.toISOString() ?? null, target_plans: v.target_plans ?? [],
    target_regions: v.target_regions ?? [], target_tenants: v.target_tenants ?? [], send_notification: !!v.send_notification,
  }, { onSuccess: onClose });
  const required = [{ required: true, whitespace: true }];
  return (
    <Modal open title={t(r ? 'platform.announcements.edit' : 'platform.announcements.create')} onCancel={onClose} destroyOnHidden
      onOk={() => form.validateFields().then(submit).catch(() => undefined)} confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'announcement-ok' } as any} width={640}>
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        <Form.Item name="title_en" label={t('platform.announcements.title_en')} rules={[...required, { max: 200 }]}><Input dir="ltr" data-testid="announcement-title-en" /></Form.Item>
        <Form.Item name="title_ar" label={t('platform.announcements.title_ar')} rules={[...required, { max: 200 }]}><Input dir="rtl" data-testid="announcement-title-ar" /></Form.Item>
        <Form.Item name="body_en" label={t('platform.announcements.body_en')} rules={[...required, { max: 2000 }]}><Input.TextArea dir="ltr" rows={2} data-testid="announcement-body-en" /></Form.Item>
        <Form.Item name="body_ar" label={t('platform.announcements.body_ar')} rules={[...required, { max: 2000 }]}><Input.TextArea dir="rtl" rows={2} data-testid="announcement-body-ar" /></Form.Item>
        <Space wrap>
          <Form.Item name="severity" label={t('platform.announcements.severity')}>
            <Select style={{ width: 140 }} options={(['info', 'warning', 'critical'] as const).map((s) => ({ value: s, label: t(`platform.announcements.severities.${s}`) }))} />
          </Form.Item>
          <Form.Item name="starts_at" label={t('platform.maintenance.starts_at')}><DatePicker showTime /></Form.Item>
          <Form.Item name="ends_at" label={t('platform.maintenance.ends_at')}><DatePicker showTime /></Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t('platform.announcements.targets_explain')}</Typography.Paragraph>
        <Form.Item name="target_plans" label={t('platform.announcements.plans')}>
          <Select mode="multiple" options={[...new Map((plans?.data ?? []).map((p) => [p.code, { value: p.code, label: localName(p.name, i18n.language) || p.code }])).values()]} />
        </Form.Item>
        <Form.Item name="target_regions" label={t('platform.announcements.regions')}>
          <Select mode="multiple" options={REGIONS.map((x) => ({ value: x, label: t(`platform.regions.${x}`, x) }))} />
        </Form.Item>
        <Form.Item name="target_tenants" label={t('platform.announcements.tenants')}>
          <Select mode="multiple" optionFilterProp="label" options={(tenants?.data ?? []).map((x) => ({ value: x.id, label: x.slug }))} />
        </Form.Item>
        <Form.Item name="send_notification" label={t('platform.announcements.send_notification')} valuePropName="checked"><Switch /></Form.Item>
      </Form>
    </Modal>
  );
}

export function AnnouncementsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: can } = useCan({ resource: 'platform_announcements', action: 'edit' });
  const canWrite = !!can?.can;
  const { result, query } = useList<AnnouncementRow>({ resource: 'platform_announcements', sorters: [{ field: 'starts_at', order: 'desc' }], pagination: { pageSize: 50 } });
  const [editing, setEditing] = useState<AnnouncementRow | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AnnouncementRow | null>(null);
  const del = useRpcMutation('delete_announcement', { successKey: 'platform.announcements.deleted' });
  const targets = (r: AnnouncementRow) => [...r.target_plans, ...r.target_regions.map((x) => t(`platform.regions.${x}`, x)),
    ...(r.target_tenants.length ? [t('platform.announcements.n_tenants', { count: r.target_tenants.length })] : [])];
  return (
    <List title={t('platform_announcements.titles.list')}
      headerButtons={canWrite ? <Button type="primary" data-testid="announcement-create" onClick={() => setEditing('new')}>{t('platform.announcements.create')}</Button> : null}>
      <Table<AnnouncementRow> rowKey="id" dataSource={result?.data ?? []} loading={query.isLoading} data-testid="announcements-table" scroll={{ x: 'max-content' }}>
        <Table.Column dataIndex="severity" title={t('platform.announcements.severity')}
          render={(v: AnnouncementRow['severity']) => <Tag color={SEVERITY_COLOR[v]}>{t(`platform.announcements.severities.${v}`)}</Tag>} />
        <Table.Column key="title" title={t('platform.announcements.title')} render={(_, r: AnnouncementRow) => (
          <div style={{ maxWidth: 320 }} data-testid={`announcement-row-${r.title.en}`}><div dir="ltr">{r.title.en}</div><div dir="rtl">{r.title.ar}</div></div>)} />
        <Table.Column key="targets" title={t('platform.announcements.targets')} render={(_, r: AnnouncementRow) => {
          const list = targets(r);
          return list.length ? <Space wrap size={4}>{list.map((x) => <Tag key={x}>{x}</Tag>)}</Space> : t('platform.announcements.everyone');
        }} />
        <Table.Column dataIndex="starts_at" title={t('platform.maintenance.starts_at')} render={(v) => formatDateTime(v, lang)} />
        <Table.Column dataIndex="ends_at" title={t('platform.maintenance.ends_at')} render={(v) => formatDateTime(v, lang) || '—'} />
        <Table.Column key="actions" title={t('table.actions')} render={(_, r: AnnouncementRow) => canWrite && (
          <Space>
            <Button size="small" onClick={() => setEditing(r)}>{t('buttons.edit')}</Button>
            <Button size="small" danger onClick={() => setDeleting(r)}>{t('buttons.delete')}</Button>
          </Space>)} />
      </Table>
      {editing && <AnnouncementModal row={editing} onClose={() => setEditing(null)} />}
      <ReasonModal open={!!deleting} danger reasonRequired title={t('platform.announcements.delete_title')} confirmLoading={del.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={(v) => deleting && del.mutate({ announcement_id: deleting.id, reason: v.reason }, { onSuccess: () => setDeleting(null) })} />
    </List>
  );
}
