// The tenant's own settings. Only tenant owners/admins or staff in a FULL impersonation may
// change them; the database refuses everyone else (42501), which we show plainly.
import { useInvalidate, useList } from '@refinedev/core';
import { Alert, Button, Empty, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { supabase } from '../../../providers/supabase';
import { describeError, type Described } from '../../../lib/errors';
import { parseJsonObject } from '../../../lib/schemas';
import { formatDateTime } from '../../../lib/format';
import { useShowError } from '../../../lib/useRpc';
import { useActiveImpersonation, useReadOnlyImpersonation } from '../../../components/ImpersonationBanner';

export function SettingsTab({ tenantId }: { tenantId: string }) {
  const { t, i18n } = useTranslation();
  const invalidate = useInvalidate();
  const showError = useShowError();
  const { data: impersonation } = useActiveImpersonation();
  const { result, query } = useList<{ tenant_id: string; settings: Record<string, unknown>; updated_at: string }>({
    resource: 'tenant_settings', filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }], pagination: { mode: 'off' },
  });
  const row = result?.data?.[0];
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; d?: Described } | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => { if (row) setText(JSON.stringify(row.settings, null, 2)); }, [row]);

  const here = impersonation && impersonation.tenant_id === tenantId ? impersonation : null;
  // a read-only impersonation cannot write: Save is off instead of a refusal after the click
  const readOnly = useReadOnlyImpersonation(tenantId);
  const save = async () => {
    setOutcome(null);
    const parsed = parseJsonObject(text);
    if (!parsed.ok) { setOutcome({ ok: false, d: { title: t('tenants.validation.custom_fields') } }); return; }
    setSaving(true);
    const { data, error } = await supabase.from('tenant_settings').update({ settings: parsed.value })
      .eq('tenant_id', tenantId).select();
    setSaving(false);
    if (error) {
      const context = { readOnlyImpersonation: here?.mode === 'read_only' };
      setOutcome({ ok: false, d: describeError(error, t, context) });
      showError(error, context);
      return;
    }
    if (!data?.length) { setOutcome({ ok: false, d: { title: t('tenants.settings.nothing_saved') } }); return; }
    setOutcome({ ok: true });
    await invalidate({ resource: 'tenant_settings', invalidates: ['list'] });
  };

  if (!query.isLoading && !row) return <Empty description={t('tenants.settings.none')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('tenants.settings.who_can_edit')}
        description={here ? t(`tenants.settings.under_impersonation.${here.mode}`) : t('tenants.settings.not_impersonating')} />
      <Input.TextArea rows={14} dir="ltr" value={text} onChange={(e) => setText(e.target.value)}
        style={{ fontFamily: 'monospace' }} data-testid="settings-json" readOnly={readOnly} aria-label={t('tenants.tabs.settings')} />
      <Space>
        <Button type="primary" loading={saving} onClick={save} disabled={readOnly} data-testid="settings-save"
          title={readOnly ? t('impersonation.read_only_writes_off') : undefined}>{t('buttons.save')}</Button>
        {row && <Typography.Text type="secondary">{t('tenants.settings.updated_at', { when: formatDateTime(row.updated_at, i18n.language) })}</Typography.Text>}
      </Space>
      {outcome && (outcome.ok
        ? <Alert type="success" showIcon message={t('tenants.settings.saved')} data-testid="settings-saved" />
        : <Alert type="error" showIcon message={outcome.d?.title} description={outcome.d?.description} data-testid="settings-error" />)}
    </Space>
  );
}
