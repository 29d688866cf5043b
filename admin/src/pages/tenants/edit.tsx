import { Edit, useForm } from '@refinedev/antd';
import { Form } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { TenantFormFields, validateTenantForm, type TenantFormValues } from './TenantForm';
import { tenantPatch, tenantProfileSchema } from '../../lib/schemas';
import type { TenantRow } from './list';

export function TenantEdit() {
  const { t } = useTranslation();
  const { formProps, saveButtonProps, query, form } = useForm<TenantRow, any, any>({
    resource: 'tenants', action: 'edit', redirect: 'show',
  });
  const record = query?.data?.data;
  useEffect(() => {
    if (record) form.setFieldsValue({ custom_fields_text: JSON.stringify(record.custom_fields ?? {}, null, 2) } as any);
  }, [record, form]);

  return (
    <Edit saveButtonProps={{ ...saveButtonProps, 'data-testid': 'tenant-save' } as any}>
      <Form {...formProps} layout="vertical"
        onFinish={(values) => {
          const parsed = validateTenantForm(tenantProfileSchema, values as TenantFormValues, form, t);
          if (!parsed) return Promise.resolve();
          return formProps.onFinish?.(tenantPatch(parsed) as any);
        }}>
        <TenantFormFields mode="edit" />
      </Form>
    </Edit>
  );
}
