import { Create } from '@refinedev/antd';
import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { TenantFormFields, refreshTenantFormErrors, validateTenantForm, type TenantFormValues } from './TenantForm';
import { createTenantArgs, tenantCreateSchema } from '../../lib/schemas';
import { useRpcMutation, useShowError } from '../../lib/useRpc';

/** The field a create_tenant refusal is about, to mark it next to the field too. */
const FIELD_OF_CODE: Record<string, keyof TenantFormValues> = {
  'tenant.slug_taken': 'slug', 'tenant.invalid_slug': 'slug', 'tenant.invalid_country': 'country',
  'tenant.invalid_region': 'region', 'tenant.invalid_currency': 'currency', 'tenant.invalid_locale': 'default_locale',
};

export function TenantCreate() {
  const { t } = useTranslation();
  const [form] = Form.useForm<TenantFormValues>();
  const navigate = useNavigate();
  const showError = useShowError();
  const create = useRpcMutation<string>('create_tenant', { silentError: true });

  const onFinish = (values: TenantFormValues) => {
    const parsed = validateTenantForm(tenantCreateSchema, values, form, t);
    if (!parsed) return;
    create.mutate(createTenantArgs(parsed), {
      onSuccess: (id) => navigate(`/tenants/show/${id}`),
      onError: (e) => {
        const err = e as { details?: string };
        const field = err.details ? FIELD_OF_CODE[err.details] : undefined;
        if (field) form.setFields([{ name: field, errors: [t(`errors.codes.${err.details!.replace('.', '_')}`)] }]);
        showError(e);
      },
    });
  };

  return (
    <Create saveButtonProps={{ loading: create.isPending, onClick: () => form.submit(), 'data-testid': 'tenant-save' } as any}>
      <Form form={form} layout="vertical" onFinish={onFinish}
        onValuesChange={() => refreshTenantFormErrors(tenantCreateSchema, form, t)}
        initialValues={{ default_locale: 'ar', region: 'GCC-OM', country: 'OM', currency: 'OMR', timezone: 'Asia/Muscat' }}>
        <TenantFormFields mode="create" />
      </Form>
    </Create>
  );
}
