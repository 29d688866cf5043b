// Support admin: groups and their members (with each member's workload), SLA targets by plan and
// priority (business minutes), business-hours calendars with their holidays per year (Eid dates
// move, so holidays are entered each year), and canned replies in both languages.
import { List } from '@refinedev/antd';
import { useList } from '@refinedev/core';
import { Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReportsTab } from './reports';
import dayjs, { type Dayjs } from 'dayjs';
import { validValues } from '../../lib/forms';
import { numberRule } from '../../lib/numbers';
import { formatDate, formatNumber, localName } from '../../lib/format';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import type { SupportCalendarRow, SupportHolidayRow, SupportMacroRow, SupportSlaTargetRow } from '../../types/rows';
import { PRIORITIES, minutesParts } from './model';
import { PriorityTag, useSupportWrite } from './common';
import type { InboxCounts } from './inbox';

function Minutes({ value }: { value: number }) {
  const { t, i18n } = useTranslation();
  const { h, m } = minutesParts(value);
  return <span title={`${formatNumber(value, i18n.language)} min`}>{t('support.admin.hm', { h: formatNumber(h, i18n.language), m: formatNumber(m, i18n.language) })}</span>;
}

function GroupsTab({ canWrite }: { canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: counts } = useRpcQuery<InboxCounts>('support_inbox_counts');
  const { result: staff } = useList<{ user_id: string; email: string; display_name: string | null; status: string }>({
    resource: 'platform_staff', pagination: { mode: 'off' }, meta: { select: 'user_id,email,display_name,status' },
    filters: [{ field: 'status', operator: 'eq', value: 'active' }] });
  const saveGroup = useRpcMutation('save_support_group', { successKey: 'support.admin.group_saved' });
  const member = useRpcMutation('set_support_group_member', { successKey: 'support.admin.member_saved' });
  const [form] = Form.useForm();
  const [adding, setAdding] = useState(false);
  const [picked, setPicked] = useState<Record<string, string | undefined>>({});
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    saveGroup.mutate({ code: v.code.trim(), name: { en: v.name_en.trim(), ...(v.name_ar?.trim() ? { ar: v.name_ar.trim() } : {}) } },
      { onSuccess: () => setAdding(false) });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canWrite && <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="group-new">{t('support.admin.new_group')}</Button>}
      <Row gutter={[12, 12]}>
        {(counts?.groups ?? []).map((g) => {
          const members = (counts?.agents ?? []).filter((a) => a.group_code === g.code);
          return (
            <Col key={g.code} xs={24} md={12} xl={8}>
              <Card size="small" data-testid={`group-${g.code}`}
                title={<Space>{localName(g.name, lang)}<Typography.Text type="secondary" code>{g.code}</Typography.Text></Space>}
                extra={<Tag>{t('support.ticket.open_count', { n: formatNumber(g.open, lang) })}</Tag>}>
                <Table size="small" rowKey="staff_id" pagination={false} dataSource={members}
                  columns={[
                    { title: t('support.admin.member'), key: 'n', render: (_, a) => a.name || a.email },
                    { title: t('support.admin.workload'), dataIndex: 'open', width: 90, render: (n: number) => formatNumber(n, lang) },
                    ...(canWrite ? [{ key: 'x', width: 50, render: (_: unknown, a: { staff_id: string }) => (
                      <Popconfirm title={t('support.admin.remove_member')} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
                        onConfirm={() => member.mutateAsync({ group_code: g.code, staff_id: a.staff_id, member: false }).catch(() => undefined)}>
                        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('support.admin.remove_member')} />
                      </Popconfirm>) }] : []),
                  ]} />
                {canWrite && (
                  <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                    <Select style={{ flex: 1, minWidth: 0 }} showSearch optionFilterProp="label" placeholder={t('support.admin.add_member')}
                      value={picked[g.code]} onChange={(v) => setPicked({ ...picked, [g.code]: v })} data-testid={`group-add-${g.code}`}
                      options={(staff?.data ?? []).filter((s) => !members.some((m) => m.staff_id === s.user_id))
                        .map((s) => ({ value: s.user_id, label: s.display_name || s.email }))} />
                    <Button disabled={!picked[g.code]} loading={member.isPending} data-testid={`group-add-ok-${g.code}`}
                      onClick={() => member.mutate({ group_code: g.code, staff_id: picked[g.code] }, { onSuccess: () => setPicked({ ...picked, [g.code]: undefined }) })}>
                      {t('support.admin.add')}
                    </Button>
                  </Space.Compact>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
      <Modal open={adding} title={t('support.admin.new_group')} onCancel={() => setAdding(false)} onOk={submit} destroyOnHidden
        confirmLoading={saveGroup.isPending} okText={t('buttons.save')} cancelText={t('buttons.cancel')} okButtonProps={{ 'data-testid': 'group-save' } as any}>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="code" label={t('support.admin.code')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('support.validation.code') }]}>
            <Input dir="ltr" data-testid="group-code" />
          </Form.Item>
          <Form.Item name="name_en" label={t('support.admin.name_en')} rules={[{ required: true, whitespace: true, message: t('support.validation.name') }]}>
            <Input dir="ltr" data-testid="group-name-en" />
          </Form.Item>
          <Form.Item name="name_ar" label={t('support.admin.name_ar')}><Input dir="rtl" data-testid="group-name-ar" /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function SlaTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const { result } = useList<SupportSlaTargetRow>({ resource: 'support_sla_targets', pagination: { mode: 'off' },
    sorters: [{ field: 'plan_code', order: 'asc' }] });
  const { result: plans } = useList<{ code: string }>({ resource: 'plans', pagination: { mode: 'off' }, meta: { select: 'code' } });
  const save = useRpcMutation('save_support_sla_target', { successKey: 'support.admin.target_saved' });
  const [editing, setEditing] = useState<Partial<SupportSlaTargetRow> | null>(null);
  const [form] = Form.useForm();
  const order = (p: string) => PRIORITIES.indexOf(p as (typeof PRIORITIES)[number]);
  const rows = [...(result?.data ?? [])].sort((a, b) => a.plan_code.localeCompare(b.plan_code) || order(b.priority) - order(a.priority));
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    save.mutate(v, { onSuccess: () => setEditing(null) });
  };
  const planCodes = [...new Set((plans?.data ?? []).map((p) => p.code))];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('support.admin.sla_explain')}</Typography.Paragraph>
      {canWrite && <Button icon={<PlusOutlined />} onClick={() => setEditing({ plan_code: undefined, priority: 'normal' })} data-testid="sla-new">{t('support.admin.new_target')}</Button>}
      <Table<SupportSlaTargetRow> rowKey={(r) => `${r.plan_code}:${r.priority}`} size="small" pagination={false} dataSource={rows} data-testid="sla-targets"
        scroll={{ x: 560 }}
        columns={[
          { title: t('support.admin.plan'), dataIndex: 'plan_code', render: (c: string) => c === '*' ? t('support.admin.default_plan') : <Typography.Text code>{c}</Typography.Text> },
          { title: t('support.fields.priority'), dataIndex: 'priority', render: (p: string) => <PriorityTag priority={p} /> },
          { title: t('support.sla.first_response'), dataIndex: 'first_response_minutes', render: (m: number) => <Minutes value={m} /> },
          { title: t('support.sla.resolution'), dataIndex: 'resolution_minutes', render: (m: number) => <Minutes value={m} /> },
          ...(canWrite ? [{ key: 'e', width: 60, render: (_: unknown, r: SupportSlaTargetRow) => (
            <Button size="small" icon={<EditOutlined />} aria-label={t('buttons.edit')} data-testid={`sla-edit-${r.plan_code}-${r.priority}`} onClick={() => setEditing(r)} />) }] : []),
        ]} />
      <Modal open={!!editing} title={t('support.admin.target_title')} onCancel={() => setEditing(null)} onOk={submit} destroyOnHidden
        confirmLoading={save.isPending} okText={t('buttons.save')} cancelText={t('buttons.cancel')} okButtonProps={{ 'data-testid': 'sla-save' } as any}>
        <Form form={form} layout="vertical" preserve={false} initialValues={editing ?? {}}>
          <Form.Item name="plan_code" label={t('support.admin.plan')} rules={[{ required: true, message: t('support.validation.plan') }]}>
            <Select disabled={!!editing?.first_response_minutes} data-testid="sla-plan"
              options={[{ value: '*', label: t('support.admin.default_plan') }, ...planCodes.map((c) => ({ value: c, label: c }))]} />
          </Form.Item>
          <Form.Item name="priority" label={t('support.fields.priority')}>
            <Select disabled={!!editing?.first_response_minutes} options={PRIORITIES.map((p) => ({ value: p, label: t(`support.priority.${p}`) }))} />
          </Form.Item>
          <Form.Item name="first_response_minutes" label={t('support.admin.first_response_minutes')} rules={[numberRule({ min: 1, max: 100000, integer: true, required: true }, t)]}>
            <InputNumber style={{ width: '100%' }} data-testid="sla-first" />
          </Form.Item>
          <Form.Item name="resolution_minutes" label={t('support.admin.resolution_minutes')} dependencies={['first_response_minutes']}
            rules={[numberRule({ min: 1, max: 1000000, integer: true, required: true }, t),
              ({ getFieldValue }) => ({ validator: (_, v) => (v == null || v >= (getFieldValue('first_response_minutes') ?? 0)
                ? Promise.resolve() : Promise.reject(new Error(t('support.validation.resolution_after')))) })]}>
            <InputNumber style={{ width: '100%' }} data-testid="sla-resolution" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function CalendarsTab({ canWrite }: { canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [calendar, setCalendar] = useState('GCC-OM');
  const [year, setYear] = useState(dayjs().year());
  const { result: calendars } = useList<SupportCalendarRow>({ resource: 'support_calendars', pagination: { mode: 'off' } });
  const { result: holidays } = useList<SupportHolidayRow>({ resource: 'support_holidays', pagination: { mode: 'off' },
    filters: [{ field: 'calendar_code', operator: 'eq', value: calendar },
      { field: 'ends_on', operator: 'gte', value: `${year}-01-01` }, { field: 'starts_on', operator: 'lte', value: `${year}-12-31` }],
    sorters: [{ field: 'starts_on', order: 'asc' }] });
  const save = useRpcMutation('save_support_holiday', { successKey: 'support.admin.holiday_saved' });
  const remove = useRpcMutation('delete_support_holiday', { successKey: 'support.admin.holiday_deleted' });
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const cal = (calendars?.data ?? []).find((c) => c.code === calendar);
  const dayName = (d: number) => new Intl.DateTimeFormat(lang === 'ar' ? 'ar' : 'en', { weekday: 'long', timeZone: 'UTC' })
    .format(new Date(Date.UTC(2024, 0, d))); // 2024-01-01 was a Monday: ISO day d
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    const [from, to] = v.dates as [Dayjs, Dayjs];
    save.mutate({ calendar_code: calendar, starts_on: from.format('YYYY-MM-DD'), ends_on: to.format('YYYY-MM-DD'),
      name: { en: v.name_en.trim(), ...(v.name_ar?.trim() ? { ar: v.name_ar.trim() } : {}) } }, { onSuccess: () => setAdding(false) });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select value={calendar} onChange={setCalendar} style={{ width: 240 }} data-testid="calendar-select"
          options={(calendars?.data ?? []).map((c) => ({ value: c.code, label: localName(c.name, lang) || c.code }))} />
        <Select value={year} onChange={setYear} style={{ width: 110 }} data-testid="calendar-year"
          options={[-1, 0, 1, 2].map((d) => dayjs().year() + d).map((y) => ({ value: y, label: formatNumber(y, lang).replace(/[,٬]/g, '') }))} />
        {canWrite && <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="holiday-new">{t('support.admin.new_holiday')}</Button>}
      </Space>
      {cal && (
        <Card size="small" data-testid="calendar-hours">
          {t('support.admin.hours', { opens: cal.opens_at.slice(0, 5), closes: cal.closes_at.slice(0, 5) })}
          {' · '}{t('support.admin.weekend')}: {cal.weekend.map(dayName).join(lang === 'ar' ? '، ' : ', ')}
        </Card>
      )}
      <Table<SupportHolidayRow> rowKey="id" size="small" pagination={false} dataSource={holidays?.data ?? []} data-testid="holidays"
        columns={[
          { title: t('support.admin.holiday'), dataIndex: 'name', render: (n) => localName(n, lang) },
          { title: t('support.admin.from'), dataIndex: 'starts_on', render: (d: string) => formatDate(d, lang) },
          { title: t('support.admin.to'), dataIndex: 'ends_on', render: (d: string) => formatDate(d, lang) },
          ...(canWrite ? [{ key: 'x', width: 50, render: (_: unknown, h: SupportHolidayRow) => (
            <Popconfirm title={t('support.admin.delete_holiday')} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
              onConfirm={() => remove.mutateAsync({ holiday_id: h.id }).catch(() => undefined)}>
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('support.admin.delete_holiday')} />
            </Popconfirm>) }] : []),
        ]} />
      <Modal open={adding} title={t('support.admin.new_holiday')} onCancel={() => setAdding(false)} onOk={submit} destroyOnHidden
        confirmLoading={save.isPending} okText={t('buttons.save')} cancelText={t('buttons.cancel')} okButtonProps={{ 'data-testid': 'holiday-save' } as any}>
        <Typography.Paragraph type="secondary">{t('support.admin.holiday_explain')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="dates" label={t('support.admin.dates')} rules={[{ required: true, message: t('support.validation.dates') }]}>
            <DatePicker.RangePicker style={{ width: '100%' }} data-testid="holiday-dates" />
          </Form.Item>
          <Form.Item name="name_en" label={t('support.admin.name_en')} rules={[{ required: true, whitespace: true, message: t('support.validation.name') }]}>
            <Input dir="ltr" data-testid="holiday-name-en" />
          </Form.Item>
          <Form.Item name="name_ar" label={t('support.admin.name_ar')}><Input dir="rtl" data-testid="holiday-name-ar" /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function MacrosTab({ canWrite }: { canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { result } = useList<SupportMacroRow>({ resource: 'support_macros', pagination: { mode: 'off' }, sorters: [{ field: 'code', order: 'asc' }] });
  const save = useRpcMutation('save_support_macro', { successKey: 'support.admin.macro_saved' });
  const [editing, setEditing] = useState<SupportMacroRow | 'new' | null>(null);
  const [form] = Form.useForm();
  const m = editing && editing !== 'new' ? editing : null;
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    save.mutate({ code: v.code.trim(), title: { en: v.title_en.trim(), ar: v.title_ar.trim() }, body: { en: v.body_en.trim(), ar: v.body_ar.trim() },
      set_status: v.set_status ?? null }, { onSuccess: () => setEditing(null) });
  };
  const req = [{ required: true, whitespace: true, message: t('support.validation.bilingual') }];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canWrite && <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="macro-new">{t('support.admin.new_macro')}</Button>}
      <Table<SupportMacroRow> rowKey="id" size="small" pagination={false} dataSource={result?.data ?? []} data-testid="macros" scroll={{ x: 600 }}
        onRow={(r) => ({ onClick: () => setEditing(r), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('support.admin.code'), dataIndex: 'code', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
          { title: t('support.kb.title_field'), dataIndex: 'title', render: (x) => localName(x, lang) },
          { title: t('support.admin.then_status'), dataIndex: 'set_status', render: (s: string | null) => s ? t(`support.status.${s}`) : '—' },
          { title: t('support.admin.active'), dataIndex: 'active', render: (a: boolean) => a ? <Tag color="green">{t('support.admin.yes')}</Tag> : <Tag>{t('support.admin.no')}</Tag> },
        ]} />
      <Modal open={!!editing} title={m ? m.code : t('support.admin.new_macro')} onCancel={() => setEditing(null)} onOk={submit} destroyOnHidden width={800}
        confirmLoading={save.isPending} okText={t('buttons.save')} cancelText={t('buttons.cancel')} okButtonProps={{ disabled: !canWrite, 'data-testid': 'macro-save' } as any}>
        <Form form={form} layout="vertical" preserve={false} disabled={!canWrite}
          initialValues={{ code: m?.code, title_en: m?.title.en, title_ar: m?.title.ar, body_en: m?.body.en, body_ar: m?.body.ar, set_status: m?.set_status ?? undefined }}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="code" label={t('support.admin.code')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('support.validation.code') }]}>
                <Input dir="ltr" disabled={!!m} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="set_status" label={t('support.admin.then_status')}>
                <Select allowClear options={['open', 'pending_customer', 'on_hold', 'solved'].map((s) => ({ value: s, label: t(`support.status.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="title_en" label={`${t('support.kb.title_field')} (English)`} rules={req}><Input dir="ltr" /></Form.Item>
              <Form.Item name="body_en" label={`${t('support.kb.body_field')} (English)`} rules={req}><Input.TextArea dir="ltr" rows={6} /></Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="title_ar" label={`${t('support.kb.title_field')} (العربية)`} rules={req}><Input dir="rtl" /></Form.Item>
              <Form.Item name="body_ar" label={`${t('support.kb.body_field')} (العربية)`} rules={req}><Input.TextArea dir="rtl" rows={6} /></Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </Space>
  );
}

export function SupportAdmin() {
  const { t } = useTranslation();
  const canWrite = useSupportWrite();
  return (
    <List title={t('support.admin.title')}>
      <Tabs items={[
        { key: 'groups', label: <span data-testid="tab-groups">{t('support.admin.groups')}</span>, children: <GroupsTab canWrite={canWrite} /> },
        { key: 'sla', label: <span data-testid="tab-sla">{t('support.admin.sla')}</span>, children: <SlaTab canWrite={canWrite} /> },
        { key: 'calendars', label: <span data-testid="tab-calendars">{t('support.admin.calendars')}</span>, children: <CalendarsTab canWrite={canWrite} /> },
        { key: 'macros', label: <span data-testid="tab-macros">{t('support.admin.macros')}</span>, children: <MacrosTab canWrite={canWrite} /> },
        { key: 'reports', label: <span data-testid="tab-reports">{t('support.reports.tab')}</span>, children: <ReportsTab /> },
      ]} />
    </List>
  );
}
