import { Edit, useForm } from '@refinedev/antd';
import { Alert, Form } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { TenantFormFields, refreshTenantFormErrors, validateTenantForm, type TenantFormValues } from './TenantForm';
import { tenantPatch, tenantProfileSchema } from '../../lib/schemas';
import { useRpcQuery } from '../../lib/useRpc';
import { useReadOnlyImpersonation } from '../../components/ImpersonationBanner';
import type { TenantRow } from './list';

export function TenantEdit() {
  const { t } = useTranslation();
  const { formProps, saveButtonProps, query, form, id } = useForm<TenantRow, any, any>({
    resource: 'tenants', action: 'edit', redirect: 'show',
  });
  const record = query?.data?.data;
  const tenantId = record?.id ?? (id as string | undefined);
  // country, region and currency: editable by HQ until the tenant is billed (the database decides)
  const { data: billingFields } = useRpcQuery<boolean>('tenant_billing_fields_editable', { tenant_id: tenantId },
    { enabled: !!tenantId });
  const readOnly = useReadOnlyImpersonation(tenantId);
  useEffect(() => {
    if (record) form.setFieldsValue({ custom_fields_text: JSON.stringify(record.custom_fields ?? {}, null, 2) } as any);
  }, [record, form]);

  return (
    <Edit saveButtonProps={{ ...saveButtonProps, disabled: readOnly || saveButtonProps.disabled, 'data-testid': 'tenant-save' } as any}>
      {readOnly && <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="read-only-impersonation"
        message={t('impersonation.read_only_writes_off')} />}
      <Form {...formProps} layout="vertical" disabled={readOnly}
        onValuesChange={() => refreshTenantFormErrors(tenantProfileSchema, form, t)}
        onFinish={(values) => {
          const v = { ...(values as TenantFormValues) };
          if (!billingFields) { delete v.country; delete v.region; delete v.currency; }
          const parsed = validateTenantForm(tenantProfileSchema, v, form, t);
          if (!parsed) return Promise.resolve();
          return formProps.onFinish?.(tenantPatch(parsed) as any);
        }}>
        <TenantFormFields mode="edit" billingFields={!!billingFields} />
      </Form>
    </Edit>
  );
}
