// The coupon book: list, create (percent or fixed; once / repeating N / forever; expiry; max
// redemptions; plan restrictions) and archive.
import { List, useTable } from '@refinedev/antd';
import { useCan } from '@refinedev/core';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { numberRule } from '../../lib/numbers';
import { validValues } from '../../lib/forms';
import { BillingTag } from '../../components/billing/BillingTag';
import { Amount, COUPON_DURATIONS, nowrap } from '../../components/billing/common';
import { minorUnitOf, useCurrencies, useMoney } from '../../components/billing/money';
import { useCurrentPlans } from '../../components/entitlements/data';
import { ReasonModal } from '../../components/ReasonModal';
import { formatDate, formatNumber, localName } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import type { CouponRow } from '../../types/rows';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';
export type { CouponRow };


/** The create form's values → create_coupon's definition. */
export function couponDefinition(v: Record<string, any>): Record<string, unknown> {
  return {
    code: String(v.code ?? '').trim().toUpperCase(),
    name: { en: String(v.name_en ?? '').trim(), ...(v.name_ar?.trim() ? { ar: v.name_ar.trim() } : {}) },
    kind: v.kind,
    ...(v.kind === 'percent' ? { percent_off: v.percent_off } : { amount_off: v.amount_off, currency: v.currency }),
    duration: v.duration,
    ...(v.duration === 'repeating' ? { duration_periods: v.duration_periods } : {}),
    ...(v.expires_at ? { expires_at: v.expires_at.toISOString() } : {}),
    ...(v.max_redemptions ? { max_redemptions: v.max_redemptions } : {}),
    ...(v.plan_codes?.length ? { plan_codes: v.plan_codes } : {}),
  };
}

function CouponCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const { currencies, units } = useCurrencies();
  const { plans } = useCurrentPlans();
  const kind = Form.useWatch('kind', form);
  const currency = Form.useWatch('currency', form);
  const digits = currency ? minorUnitOf(currency, units) : undefined;
  const duration = Form.useWatch('duration', form);
  const create = useRpcMutation('create_coupon', { successKey: 'billing.coupons.created' });
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    create.mutate({ definition: couponDefinition(v) }, { onSuccess: onClose });
  };
  const required = [{ required: true, message: t('billing.validation.required') }];
  return (
    <Modal open={open} title={t('billing.coupons.new')} onCancel={onClose} onOk={submit} destroyOnHidden width={620}
      okText={t('buttons.create')} cancelText={t('buttons.cancel')} confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'coupon-create-ok' } as any}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ kind: 'percent', duration: 'once' }}>
        <Form.Item name="code" label={t('billing.fields.code')} extra={t('billing.coupons.code_hint')}
          rules={[...required, { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$/, message: t('billing.validation.coupon_code') }]}>
          <Input dir="ltr" data-testid="coupon-code" style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="name_en" label={t('billing.fields.name_en')} rules={[...required, { whitespace: true, message: t('billing.validation.required') }]}>
            <Input data-testid="coupon-name-en" style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="name_ar" label={t('billing.fields.name_ar')}>
            <Input dir="rtl" data-testid="coupon-name-ar" style={{ width: 260 }} />
          </Form.Item>
        </Space>
        <Form.Item name="kind" label={t('billing.fields.kind')}>
          <Radio.Group>
            <Radio value="percent" data-testid="coupon-kind-percent">{t('billing.coupons.kinds.percent')}</Radio>
            <Radio value="fixed" data-testid="coupon-kind-fixed">{t('billing.coupons.kinds.fixed')}</Radio>
          </Radio.Group>
        </Form.Item>
        {kind === 'fixed' ? (
          <Space wrap>
            <Form.Item name="amount_off" label={t('billing.fields.amount_off')} rules={[...required, { type: 'number', min: 0.001, message: t('billing.validation.positive') }, numberRule({ decimals: digits }, t)]}>
              <InputNumber style={{ width: 160 }} step={digits === undefined ? 1 : 10 ** -digits} data-testid="coupon-amount" />
            </Form.Item>
            <Form.Item name="currency" label={t('billing.fields.currency')} rules={required}>
              <Select style={{ width: 120 }} data-testid="coupon-currency" options={currencies.map((c) => ({ value: c.code, label: c.code }))} />
            </Form.Item>
          </Space>
        ) : (
          <Form.Item name="percent_off" label={t('billing.fields.percent_off')}
            rules={[...required, { type: 'number', min: 0.01, max: 100, message: t('billing.validation.percent') }]}>
            <InputNumber addonAfter="%" style={{ width: 160 }} data-testid="coupon-percent" />
          </Form.Item>
        )}
        <Space wrap>
          <Form.Item name="duration" label={t('billing.fields.duration')}>
            <Select style={{ width: 200 }} data-testid="coupon-duration"
              options={COUPON_DURATIONS.map((d) => ({ value: d, label: t(`billing.coupons.durations.${d}`) }))} />
          </Form.Item>
          {duration === 'repeating' && (
            <Form.Item name="duration_periods" label={t('billing.fields.duration_periods')}
              rules={[...required, { type: 'number', min: 1, max: 120, message: t('billing.validation.periods') }]}>
              <InputNumber data-testid="coupon-periods" />
            </Form.Item>
          )}
        </Space>
        <Space wrap>
          <Form.Item name="expires_at" label={t('billing.fields.expires_at')}><DatePicker showTime /></Form.Item>
          <Form.Item name="max_redemptions" label={t('billing.fields.max_redemptions')}
            rules={[numberRule({ min: 1, integer: true }, t)]}><InputNumber data-testid="coupon-max" /></Form.Item>
        </Space>
        <Form.Item name="plan_codes" label={t('billing.fields.plan_codes')} extra={t('billing.coupons.plans_hint')}>
          <Select mode="multiple" allowClear options={plans.map((p) => ({ value: p.code, label: localName(p.name, i18n.language) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CouponList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const money = useMoney(lang);
  const { data: canCreate } = useCan({ resource: 'billing_coupons', action: 'create' });
  const [creating, setCreating] = useState(false);
  const [archiving, setArchiving] = useState<CouponRow | null>(null);
  const archive = useRpcMutation('archive_coupon', { successKey: 'billing.coupons.archived' });
  const { tableProps, sorters } = useTable<CouponRow>({ resource: 'coupons', sorters: { initial: [{ field: 'created_at', order: 'desc' }] },
    pagination: { pageSize: 20 }, syncWithLocation: false });
  const csvColumns: CsvColumn<CouponRow>[] = [
    { title: t('billing.fields.code'), value: (r) => r.code },
    { title: t('billing.fields.name'), value: (r) => localName(r.name, lang) },
    { title: t('billing.fields.discount'), value: (r) => (r.kind === 'percent' ? `${r.percent_off}%` : `${r.amount_off} ${r.currency}`) },
    { title: t('billing.fields.duration'), value: (r) => (r.duration === 'repeating'
      ? t('billing.coupons.repeating_n', { n: r.duration_periods ?? 0 }) : t(`billing.coupons.durations.${r.duration}`)) },
    { title: t('billing.fields.expires_at'), value: (r) => r.expires_at },
    { title: t('billing.fields.redemptions'), value: (r) => r.times_redeemed },
    { title: t('billing.fields.plan_codes'), value: (r) => (r.plan_codes?.length ? r.plan_codes.join(' ') : t('billing.coupons.any_plan')) },
    { title: t('billing.fields.status'), value: (r) => t(`billing.status.coupon.${r.status}`) },
  ];
  return (
    <List headerButtons={<Space wrap>
      <ExportCsvButton list="coupons" columns={csvColumns} source={{ resource: 'coupons', sorters }} />
      {canCreate?.can && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="coupon-create">{t('billing.coupons.new')}</Button>}
    </Space>}>
      <Table {...tableProps} rowKey="id" data-testid="coupons-table" scroll={{ x: 1000 }}>
        <Table.Column dataIndex="code" title={t('billing.fields.code')} sorter render={(v: string) => <Typography.Text code dir="ltr" style={{ whiteSpace: 'nowrap' }} data-testid={`coupon-row-${v}`}>{v}</Typography.Text>} />
        <Table.Column dataIndex="name" title={t('billing.fields.name')} render={(v) => localName(v, lang)} />
        <Table.Column key="value" title={t('billing.fields.discount')} render={(_, r: CouponRow) => (
          r.kind === 'percent' ? nowrap(t('billing.coupons.percent_value', { value: formatNumber(Number(r.percent_off), lang) }))
            : <Amount>{money(r.amount_off, r.currency)}</Amount>)} />
        <Table.Column key="duration" title={t('billing.fields.duration')} render={(_, r: CouponRow) => (
          r.duration === 'repeating' ? t('billing.coupons.repeating_n', { n: formatNumber(r.duration_periods ?? 0, lang) }) : t(`billing.coupons.durations.${r.duration}`))} />
        <Table.Column dataIndex="expires_at" title={t('billing.fields.expires_at')} sorter render={(v: string | null) => nowrap(formatDate(v, lang))} />
        <Table.Column key="redemptions" title={t('billing.fields.redemptions')} render={(_, r: CouponRow) => (
          r.max_redemptions ? `${formatNumber(r.times_redeemed, lang)} / ${formatNumber(r.max_redemptions, lang)}` : formatNumber(r.times_redeemed, lang))} />
        <Table.Column dataIndex="plan_codes" title={t('billing.fields.plan_codes')} render={(v: string[] | null) => (
          v?.length ? v.map((c) => <Tag key={c} dir="ltr">{c}</Tag>) : t('billing.coupons.any_plan'))} />
        <Table.Column dataIndex="status" title={t('billing.fields.status')} sorter render={(v: string, r: CouponRow) => (
          <span data-testid={`coupon-status-${r.code}`} data-status={v}><BillingTag kind="coupon" status={v} /></span>)} />
        <Table.Column key="actions" title={t('table.actions')} render={(_, r: CouponRow) => (
          canCreate?.can && r.status === 'active'
            ? <Button size="small" danger onClick={() => setArchiving(r)} data-testid={`coupon-archive-${r.code}`}>{t('billing.coupons.archive')}</Button> : null)} />
      </Table>
      <CouponCreateModal open={creating} onClose={() => setCreating(false)} />
      <ReasonModal open={!!archiving} reasonRequired danger title={t('billing.coupons.archive_title', { code: archiving?.code ?? '' })}
        description={<Typography.Paragraph>{t('billing.coupons.archive_explain')}</Typography.Paragraph>}
        confirmLoading={archive.isPending} onCancel={() => setArchiving(null)}
        onConfirm={({ reason }) => archive.mutate({ coupon_id: archiving!.id, reason: reason?.trim() }, { onSuccess: () => setArchiving(null) })} />
    </List>
  );
}
