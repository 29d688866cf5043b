// Creates or edits a draft entry: the family decides which fields it has (icon, colour and its
// attributes). Problems show beside their field; the database checks everything again.
import { Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { numberRule } from '../../lib/numbers';
import { localName } from '../../lib/format';
import { refOptions, useReferenceLists } from '../../lib/reference';
import { useRpcMutation } from '../../lib/useRpc';
import { CODE_PATTERN, COLOUR_PATTERN, type CatalogEntry, type CatalogFamily } from './model';

interface Props { family: CatalogFamily; entry: CatalogEntry | null; serviceCategories: CatalogEntry[]; open: boolean; onClose: () => void }

export function EntryForm({ family, entry, serviceCategories, open, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const { countries } = useReferenceLists();
  const save = useRpcMutation('save_catalog_entry', { successKey: 'catalog.saved' });
  const attrs = entry?.attributes ?? {};
  const initial: Record<string, any> = {
    code: entry?.code, name_en: entry?.name.en, name_ar: entry?.name.ar, description_en: entry?.description.en,
    description_ar: entry?.description.ar, sort_order: entry?.sort_order ?? 0, active: entry?.active ?? true,
    icon: entry?.icon ?? undefined, colour: entry?.colour ?? undefined,
    service_categories: attrs.service_categories, lead_time_factor: attrs.lead_time_factor, countries: attrs.countries,
    default: attrs.default ?? false,
  };
  const submit = (v: typeof initial) => {
    const bilingual = (en?: string, ar?: string) => Object.fromEntries(Object.entries({ en, ar }).filter(([, x]) => x && x.trim()));
    const attributes: Record<string, unknown> = {};
    if (family.code === 'item_types') attributes.service_categories = v.service_categories;
    if (family.code === 'priorities') attributes.lead_time_factor = v.lead_time_factor;
    if (family.code === 'payment_methods' && v.countries?.length) attributes.countries = v.countries;
    if (family.code === 'preferences') attributes.default = !!v.default;
    save.mutate({
      family: family.code, code: v.code, name: bilingual(v.name_en, v.name_ar), description: bilingual(v.description_en, v.description_ar),
      sort_order: v.sort_order, active: v.active, icon: family.has_icon ? v.icon || null : null,
      colour: family.has_colour ? v.colour || null : null, attributes,
    }, { onSuccess: onClose });
  };
  return (
    <Modal open={open} destroyOnHidden title={entry ? t('catalog.edit_title') : t('catalog.add_title', { family: t(`catalog.families.${family.code}`) })}
      okText={t('buttons.save')} cancelText={t('buttons.cancel')} confirmLoading={save.isPending} onCancel={onClose}
      okButtonProps={{ 'data-testid': 'catalog-entry-save' } as any}
      onOk={() => form.validateFields().then(submit).catch(() => undefined)}>
      <Form form={form} layout="vertical" initialValues={initial} preserve={false} data-testid="catalog-entry-form">
        <Form.Item name="code" label={t('catalog.fields.code')} rules={[{ required: true, pattern: CODE_PATTERN, message: t('catalog.validation.code') }]}>
          <Input disabled={!!entry} dir="ltr" data-testid="catalog-entry-code" />
        </Form.Item>
        <Form.Item name="name_en" label={t('catalog.fields.name_en')} rules={[{ required: true, whitespace: true, message: t('catalog.validation.name_en') }, { max: 200 }]}>
          <Input dir="ltr" data-testid="catalog-entry-name-en" />
        </Form.Item>
        <Form.Item name="name_ar" label={t('catalog.fields.name_ar')} rules={[{ max: 200 }]}>
          <Input dir="rtl" data-testid="catalog-entry-name-ar" />
        </Form.Item>
        <Form.Item name="description_en" label={t('catalog.fields.description_en')} rules={[{ max: 2000 }]}><Input.TextArea dir="ltr" rows={2} /></Form.Item>
        <Form.Item name="description_ar" label={t('catalog.fields.description_ar')} rules={[{ max: 2000 }]}><Input.TextArea dir="rtl" rows={2} /></Form.Item>
        <Form.Item name="sort_order" label={t('catalog.fields.sort_order')} rules={[numberRule({ min: 0, max: 100000, integer: true, required: true }, t)]}>
          <InputNumber<number> data-testid="catalog-entry-sort" />
        </Form.Item>
        <Form.Item name="active" label={t('catalog.fields.active')} valuePropName="checked"><Switch /></Form.Item>
        {family.has_icon && (
          <Form.Item name="icon" label={t('catalog.fields.icon')} rules={[{ pattern: /^[a-z0-9][a-z0-9_-]{0,63}$/ }]}><Input dir="ltr" /></Form.Item>
        )}
        {family.has_colour && (
          <Form.Item name="colour" label={t('catalog.fields.colour')} rules={[{ pattern: COLOUR_PATTERN, message: t('catalog.validation.colour') }]}>
            <Input dir="ltr" placeholder="#1677FF" data-testid="catalog-entry-colour" />
          </Form.Item>
        )}
        {family.code === 'item_types' && (
          <Form.Item name="service_categories" label={t('catalog.fields.service_categories')}
            rules={[{ required: true, type: 'array', min: 1, message: t('catalog.validation.service_categories') }]}>
            <Select mode="multiple" data-testid="catalog-entry-categories"
              options={serviceCategories.filter((c) => !c.retired_at).map((c) => ({ value: c.code, label: `${localName(c.name, i18n.language)} (${c.code})` }))} />
          </Form.Item>
        )}
        {family.code === 'priorities' && (
          <Form.Item name="lead_time_factor" label={t('catalog.fields.lead_time_factor')} rules={[numberRule({ min: 0.1, max: 10, required: true }, t)]}>
            <InputNumber<number> step={0.05} />
          </Form.Item>
        )}
        {family.code === 'payment_methods' && (
          <Form.Item name="countries" label={t('catalog.fields.countries')}>
            <Select mode="multiple" options={refOptions(countries, i18n.language)} />
          </Form.Item>
        )}
        {family.code === 'preferences' && (
          <Form.Item name="default" label={t('catalog.fields.default')} valuePropName="checked"><Switch /></Form.Item>
        )}
      </Form>
    </Modal>
  );
}
