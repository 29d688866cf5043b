import { Create } from '@refinedev/antd';
import { useInvalidate } from '@refinedev/core';
import { Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { TenantFormFields, refreshTenantFormErrors, validateTenantForm, type TenantFormValues } from './TenantForm';
import { createTenantArgs, tenantCreateSchema } from '../../lib/schemas';
import { rpc } from '../../providers/supabase';
import { useShowError } from '../../lib/useRpc';

/** The field a create_tenant refusal is about, to mark it next to the field too. */
const FIELD_OF_CODE: Record<string, keyof TenantFormValues> = {
  'tenant.slug_taken': 'slug', 'tenant.invalid_slug': 'slug', 'tenant.invalid_country': 'country',
  'tenant.invalid_region': 'region', 'tenant.invalid_currency': 'currency', 'tenant.invalid_locale': 'default_locale',
};

export function TenantCreate() {
  const { t } = useTranslation();
  const [form] = Form.useForm<TenantFormValues>();
  const [saving, setSaving] = useState(false);
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const showError = useShowError();

  const onFinish = async (values: TenantFormValues) => {
    const parsed = validateTenantForm(tenantCreateSchema, values, form, t);
    if (!parsed) return;
    setSaving(true);
    try {
      const id = await rpc<string>('create_tenant', createTenantArgs(parsed));
      await invalidate({ resource: 'tenants', invalidates: ['list'] });
      navigate(`/tenants/show/${id}`);
    } catch (e) {
      const err = e as { details?: string };
      const field = err.details ? FIELD_OF_CODE[err.details] : undefined;
      if (field) form.setFields([{ name: field, errors: [t(`errors.codes.${err.details!.replace('.', '_')}`)] }]);
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Create saveButtonProps={{ loading: saving, onClick: () => form.submit(), 'data-testid': 'tenant-save' } as any}>
      <Form form={form} layout="vertical" onFinish={onFinish}
        onValuesChange={() => refreshTenantFormErrors(tenantCreateSchema, form, t)}
        initialValues={{ default_locale: 'ar', region: 'GCC-OM', country: 'OM', currency: 'OMR', timezone: 'Asia/Muscat' }}>
        <TenantFormFields mode="create" />
      </Form>
    </Create>
  );
}
