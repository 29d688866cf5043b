// HQ's seller profile (printed on every invoice): legal name and address in English and Arabic,
// home country, VAT numbers per country. Saved through public.set_seller_profile (billing.write,
// audited). The limits mirror SQL: names ≤ 200, addresses ≤ 500 characters; a Saudi VAT number has
// 15 digits, first and last 3. docs/billing-invoices.md.
import { useList } from '@refinedev/core';
import { Button, Form, Input, Modal, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SellerProfile } from '../../../components/billing/InvoiceParty';
import { useRpcMutation } from '../../../lib/useRpc';

interface FormValues {
  name_en: string; name_ar?: string; address_en?: string; address_ar?: string; country: string;
  registrations?: { country: string; number: string }[]; reason: string;
}

/** Rules of a VAT number for a country (as SQL checks them). */
export function vatNumberError(country: string, number: string): string | null {
  if (!/^[A-Z0-9]{1,20}$/.test(number)) return 'format';
  if (country === 'SA' && !/^3\d{13}3$/.test(number)) return 'saudi';
  return null;
}

export function SellerProfileModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const { result } = useList<SellerProfile>({ resource: 'seller_profile', pagination: { mode: 'off' }, queryOptions: { enabled: open } });
  const current = result?.data?.[0];
  const save = useRpcMutation('set_seller_profile', { successKey: 'billing.seller.saved' });
  const initial: Partial<FormValues> = current ? {
    name_en: current.legal_name.en, name_ar: current.legal_name.ar, address_en: current.address.en, address_ar: current.address.ar,
    country: current.country, registrations: Object.entries(current.tax_registrations ?? {}).map(([country, number]) => ({ country, number })),
  } : { registrations: [] };
  const submit = (v: FormValues) => {
    const text = (en?: string, ar?: string) => Object.fromEntries(Object.entries({ en: en?.trim(), ar: ar?.trim() }).filter(([, x]) => x));
    save.mutate({
      profile: {
        legal_name: text(v.name_en, v.name_ar), address: text(v.address_en, v.address_ar), country: v.country.trim().toUpperCase(),
        tax_registrations: Object.fromEntries((v.registrations ?? []).map((r) => [r.country.trim().toUpperCase(), r.number.trim().toUpperCase()])),
      },
      reason: v.reason.trim(),
    }, { onSuccess: onClose });
  };
  const code = { pattern: /^[A-Za-z]{2}$/, message: t('billing.seller.country_code') };
  return (
    <Modal open={open} title={t('billing.seller.title')} onCancel={onClose} destroyOnHidden width={640} confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'seller-save' } as any} onOk={() => form.validateFields().then(submit).catch(() => undefined)}>
      {open && (
        <Form form={form} layout="vertical" initialValues={initial} key={current ? 'loaded' : 'empty'} data-testid="seller-form">
          <Form.Item name="name_en" label={t('billing.seller.name_en')} rules={[{ required: true, whitespace: true, message: t('billing.validation.required') }, { max: 200 }]}>
            <Input maxLength={200} dir="ltr" />
          </Form.Item>
          <Form.Item name="name_ar" label={t('billing.seller.name_ar')} rules={[{ max: 200 }]}><Input maxLength={200} dir="rtl" /></Form.Item>
          <Form.Item name="address_en" label={t('billing.seller.address_en')} rules={[{ max: 500 }]}><Input.TextArea rows={2} maxLength={500} dir="ltr" /></Form.Item>
          <Form.Item name="address_ar" label={t('billing.seller.address_ar')} rules={[{ max: 500 }]}><Input.TextArea rows={2} maxLength={500} dir="rtl" /></Form.Item>
          <Form.Item name="country" label={t('billing.seller.country')} rules={[{ required: true, message: t('billing.validation.required') }, code]}>
            <Input maxLength={2} style={{ width: 80 }} dir="ltr" />
          </Form.Item>
          <Form.List name="registrations">
            {(fields, { add, remove }) => (
              <>
                <div style={{ marginBottom: 8 }}>{t('billing.seller.registrations')}</div>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'country']} rules={[{ required: true, message: t('billing.validation.required') }, code]}>
                      <Input maxLength={2} style={{ width: 70 }} placeholder="SA" dir="ltr" aria-label={t('billing.seller.country')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'number']} dependencies={[['registrations', f.name, 'country']]}
                      rules={[{ required: true, message: t('billing.validation.required') }, ({ getFieldValue }) => ({
                        validator: (_, value: string) => {
                          const err = value ? vatNumberError(String(getFieldValue(['registrations', f.name, 'country']) ?? '').toUpperCase(), value.trim().toUpperCase()) : null;
                          return err ? Promise.reject(new Error(t(`billing.seller.vat_${err}`))) : Promise.resolve();
                        },
                      })]}>
                      <Input maxLength={20} style={{ width: 240 }} dir="ltr" aria-label={t('billing.fields.tax_registration_number')} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('billing.actions.remove')} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ country: '', number: '' })} style={{ marginBottom: 16 }}>
                  {t('billing.seller.add_registration')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="reason" label={t('common.reason_required')} rules={[{ required: true, whitespace: true, min: 3, message: t('billing.validation.reason') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
