// The language a staff member's messages come in (public.set_staff_locale): a select on the staff
// list, editable on one's own row or by staff.manage; read-only text otherwise.
import { useGetIdentity } from '@refinedev/core';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRpcMutation } from '../../lib/useRpc';

type Args = { staff_id: string; locale: string };

export function StaffLocaleSelect({ staffId, email, locale, canManage }: { staffId: string; email: string; locale: string; canManage: boolean }) {
  const { t } = useTranslation();
  const { data: me } = useGetIdentity<{ id: string }>();
  const save = useRpcMutation<void, Args>('set_staff_locale', { successKey: 'notifications.staff_locale.saved' });
  const label = (l: string) => t(`common.languages.${l}`);
  if (!canManage && me?.id !== staffId) return <span>{label(locale)}</span>;
  return (
    <Select size="small" value={locale} style={{ width: 110 }} aria-label={t('notifications.staff_locale.column')}
      data-testid={`staff-locale-${email}`} loading={save.isPending} disabled={save.isPending}
      onChange={(v: string) => save.mutate({ staff_id: staffId, locale: v })}
      options={['ar', 'en'].map((l) => ({ value: l, label: label(l) }))} />
  );
}
