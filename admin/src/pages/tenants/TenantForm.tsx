// The tenant profile form (create and edit). Values are checked with the zod schemas that mirror
// the SQL rules before anything is sent.
import { Col, Divider, Form, Input, Row, Select, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LOCALES, REGIONS, fieldErrors, parseJsonObject, timezoneOptions } from '../../lib/schemas';

export interface TenantFormValues {
  slug?: string;
  name?: { en?: string; ar?: string };
  legal_name?: string;
  country?: string;
  region?: string;
  timezone?: string;
  currency?: string;
  default_locale?: string;
  branding?: { primary_color?: string; logo_url?: string; invoice_header?: string };
  contact?: { name?: string; email?: string; phone?: string };
  custom_fields_text?: string;
}

/** Validates form values with a schema; marks the form's fields and returns null when invalid. */
export function validateTenantForm<S extends z.ZodTypeAny>(
  schema: S, values: TenantFormValues, form: FormInstance, t: (k: string) => string,
): z.infer<S> | null {
  const custom = parseJsonObject(values.custom_fields_text);
  const { custom_fields_text: _ignored, ...rest } = values;
  const result = schema.safeParse({ ...rest, custom_fields: custom.ok ? custom.value : {} });
  const errors: { name: (string | number)[]; errors: string[] }[] = [];
  if (!custom.ok) errors.push({ name: ['custom_fields_text'], errors: [t('tenants.validation.custom_fields')] });
  if (!result.success) {
    for (const e of fieldErrors(result.error)) errors.push({ name: e.path, errors: [t(e.key)] });
  }
  if (errors.length) {
    form.setFields(errors);
    return null;
  }
  return result.data as z.infer<S>;
}

export function TenantFormFields({ mode }: { mode: 'create' | 'edit' }) {
  const { t } = useTranslation();
  const creating = mode === 'create';
  return (
    <>
      <Row gutter={16}>
        {creating && (
          <Col xs={24} md={12}>
            <Form.Item name="slug" label={t('tenants.fields.slug')} required extra={t('tenants.help.slug')}>
              <Input dir="ltr" data-testid="field-slug" />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={12}>
          <Form.Item name={['name', 'en']} label={t('tenants.fields.name_en')} required>
            <Input dir="ltr" data-testid="field-name-en" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['name', 'ar']} label={t('tenants.fields.name_ar')}>
            <Input dir="rtl" data-testid="field-name-ar" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="legal_name" label={t('tenants.fields.legal_name')}>
            <Input data-testid="field-legal-name" />
          </Form.Item>
        </Col>
        {creating && (
          <>
            <Col xs={24} md={8}>
              <Form.Item name="region" label={t('tenants.fields.region')} required>
                <Select data-testid="field-region" options={REGIONS.map((r) => ({ value: r, label: t(`tenants.regions.${r}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="country" label={t('tenants.fields.country')} required extra={t('tenants.help.country')}>
                <Input dir="ltr" maxLength={2} data-testid="field-country" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="currency" label={t('tenants.fields.currency')} required extra={t('tenants.help.currency')}>
                <Input dir="ltr" maxLength={3} data-testid="field-currency" />
              </Form.Item>
            </Col>
          </>
        )}
        <Col xs={24} md={12}>
          <Form.Item name="timezone" label={t('tenants.fields.timezone')} required>
            <Select showSearch data-testid="field-timezone"
              options={timezoneOptions().map((z) => ({ value: z, label: z }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="default_locale" label={t('tenants.fields.default_locale')} required>
            <Select data-testid="field-locale" options={LOCALES.map((l) => ({ value: l, label: t(`common.languages.${l}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Divider orientation="left">{t('tenants.sections.contact')}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={['contact', 'name']} label={t('tenants.fields.contact_name')}><Input /></Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['contact', 'email']} label={t('tenants.fields.contact_email')}>
            <Input dir="ltr" data-testid="field-contact-email" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['contact', 'phone']} label={t('tenants.fields.contact_phone')}><Input dir="ltr" /></Form.Item>
        </Col>
      </Row>
      <Divider orientation="left">{t('tenants.sections.branding')}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={['branding', 'primary_color']} label={t('tenants.fields.primary_color')} extra="#0b6e4f">
            <Input dir="ltr" data-testid="field-color" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name={['branding', 'logo_url']} label={t('tenants.fields.logo_url')}>
            <Input dir="ltr" placeholder="https://" data-testid="field-logo" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name={['branding', 'invoice_header']} label={t('tenants.fields.invoice_header')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Col>
      </Row>
      <Divider orientation="left">{t('tenants.sections.custom_fields')}</Divider>
      <Form.Item name="custom_fields_text" label={t('tenants.fields.custom_fields')} extra={t('tenants.help.custom_fields')}>
        <Input.TextArea rows={4} dir="ltr" style={{ fontFamily: 'monospace' }} data-testid="field-custom" />
      </Form.Item>
    </>
  );
}
