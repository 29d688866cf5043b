// The tenant profile form (create and edit). Values are checked with the zod schemas that mirror
// the SQL rules before anything is sent.
import { Col, Divider, Form, Input, Row, Select, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { TENANT_LIMITS, fieldErrors, parseJsonObject, timezoneOptions } from '../../lib/schemas';
import { refOptions, useReferenceLists } from '../../lib/reference';

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

type FieldError = { name: (string | number)[]; errors: string[] };

/** Every problem zod (and the custom-fields JSON parse) finds in the form's values. */
function tenantFormErrors<S extends z.ZodTypeAny>(schema: S, values: TenantFormValues, t: (k: string) => string) {
  const custom = parseJsonObject(values.custom_fields_text);
  const { custom_fields_text: _ignored, ...rest } = values;
  const result = schema.safeParse({ ...rest, custom_fields: custom.ok ? custom.value : {} });
  const errors: FieldError[] = [];
  if (!custom.ok) errors.push({ name: ['custom_fields_text'], errors: [t('tenants.validation.custom_fields')] });
  if (!result.success) {
    for (const e of fieldErrors(result.error)) {
      // custom_fields problems (its size) belong to the text area the person types in
      errors.push({ name: e.path[0] === 'custom_fields' ? ['custom_fields_text'] : e.path, errors: [t(e.key)] });
    }
  }
  return { errors, data: result.success ? result.data : null };
}

/** Validates form values with a schema; marks the form's fields and returns null when invalid. */
export function validateTenantForm<S extends z.ZodTypeAny>(
  schema: S, values: TenantFormValues, form: FormInstance, t: (k: string) => string,
): z.infer<S> | null {
  const { errors, data } = tenantFormErrors(schema, values, t);
  if (errors.length) {
    form.setFields(errors);
    return null;
  }
  return data as z.infer<S>;
}

/**
 * After a change: the fields that show an error get their current verdict, so a message goes away
 * as soon as its field is fixed (and changes when the problem changes). Use as Form onValuesChange.
 */
export function refreshTenantFormErrors<S extends z.ZodTypeAny>(schema: S, form: FormInstance, t: (k: string) => string) {
  const shown = form.getFieldsError().filter((f) => f.errors.length > 0);
  if (!shown.length) return;
  const { errors } = tenantFormErrors(schema, form.getFieldsValue(true) as TenantFormValues, t);
  const byPath = new Map(errors.map((e) => [e.name.join('.'), e.errors]));
  form.setFields(shown.map((f) => ({ name: f.name, errors: byPath.get(f.name.join('.')) ?? [] })));
}

/** The maximum length of a field, shown as a counter, so the form says the SQL limit before Save. */
// A counter, not maxLength: a pasted longer text is flagged (and refused by zod), never cut short.
const limit = (max: number) => ({ count: { show: true, max } });

/**
 * The fields. `billingFields`: country, region and currency are editable (always when creating;
 * when editing, while public.tenant_billing_fields_editable says so), else shown read-only.
 */
export function TenantFormFields({ mode, billingFields = mode === 'create' }: { mode: 'create' | 'edit'; billingFields?: boolean }) {
  const { t, i18n } = useTranslation();
  const form = Form.useFormInstance();
  const lists = useReferenceLists();
  const lang = i18n.language;
  const creating = mode === 'create';
  const lockedHelp = creating ? undefined : billingFields ? t('tenants.help.billing_fields_open') : t('tenants.help.billing_fields_locked');
  const onCountry = (code: string) => {
    // a new tenant usually bills in its country's currency and lives in its region
    const c = lists.countries.find((x) => x.code === code);
    if (creating && c) form.setFieldsValue({ region: c.region, currency: c.currency });
  };
  return (
    <>
      <Row gutter={16}>
        {creating && (
          <Col xs={24} md={12}>
            <Form.Item name="slug" label={t('tenants.fields.slug')} required extra={t('tenants.help.slug')}>
              <Input dir="ltr" {...limit(48)} data-testid="field-slug" />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={12}>
          <Form.Item name={['name', 'en']} label={t('tenants.fields.name_en')} required>
            <Input dir="ltr" {...limit(TENANT_LIMITS['name.en'])} data-testid="field-name-en" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['name', 'ar']} label={t('tenants.fields.name_ar')}>
            <Input dir="rtl" {...limit(TENANT_LIMITS['name.ar'])} data-testid="field-name-ar" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="legal_name" label={t('tenants.fields.legal_name')}>
            <Input {...limit(TENANT_LIMITS.legal_name)} data-testid="field-legal-name" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="country" label={t('tenants.fields.country')} required={billingFields} extra={lockedHelp}>
            <Select showSearch optionFilterProp="label" disabled={!billingFields} data-testid="field-country"
              options={refOptions(lists.countries, lang)} onChange={onCountry} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="region" label={t('tenants.fields.region')} required={billingFields}>
            <Select disabled={!billingFields} data-testid="field-region" options={refOptions(lists.regions, lang)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="currency" label={t('tenants.fields.currency')} required={billingFields}>
            <Select showSearch optionFilterProp="label" disabled={!billingFields} data-testid="field-currency"
              options={refOptions(lists.currencies, lang)} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="timezone" label={t('tenants.fields.timezone')} required>
            <Select showSearch data-testid="field-timezone"
              options={timezoneOptions().map((z) => ({ value: z, label: z }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="default_locale" label={t('tenants.fields.default_locale')} required>
            <Select data-testid="field-locale" options={refOptions(lists.locales, lang, false)} />
          </Form.Item>
        </Col>
      </Row>
      <Divider orientation="left">{t('tenants.sections.contact')}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={['contact', 'name']} label={t('tenants.fields.contact_name')}>
            <Input {...limit(TENANT_LIMITS['contact.name'])} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['contact', 'email']} label={t('tenants.fields.contact_email')}>
            <Input dir="ltr" {...limit(TENANT_LIMITS['contact.email'])} data-testid="field-contact-email" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['contact', 'phone']} label={t('tenants.fields.contact_phone')}>
            <Input dir="ltr" {...limit(TENANT_LIMITS['contact.phone'])} />
          </Form.Item>
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
            <Input dir="ltr" placeholder="https://" {...limit(TENANT_LIMITS['branding.logo_url'])} data-testid="field-logo" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name={['branding', 'invoice_header']} label={t('tenants.fields.invoice_header')}>
            <Input.TextArea rows={2} {...limit(TENANT_LIMITS['branding.invoice_header'])} />
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
