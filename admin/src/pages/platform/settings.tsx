// Platform settings (issue 17 §6): one typed editor per key (switch, number with its range, list,
// text with its length), checked here before the database checks it again; saving asks for a
// reason. A role without settings.write sees the values read-only.
import { List } from '@refinedev/antd';
import { useCan } from '@refinedev/core';
import { Button, Input, InputNumber, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../../components/ReasonModal';
import { formatDateTime, formatNumber, localName } from '../../lib/format';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import { settingValueError, type PlatformSetting } from './model';

function ValueEditor({ s, value, onChange, disabled }: { s: PlatformSetting; value: unknown; onChange: (v: unknown) => void; disabled: boolean }) {
  const testId = `setting-input-${s.key}`;
  if (s.schema.type === 'boolean') return <Switch checked={value === true} disabled={disabled} onChange={onChange} data-testid={testId} />;
  if (s.schema.type === 'integer' || s.schema.type === 'number') {
    return <InputNumber value={value as number} disabled={disabled} onChange={(v) => onChange(v)} data-testid={testId}
      min={s.schema.minimum} max={s.schema.maximum} precision={s.schema.type === 'integer' ? 0 : undefined} style={{ width: 160 }} />;
  }
  if (s.schema.enum) {
    return <Select value={value as string} disabled={disabled} onChange={onChange} data-testid={testId} style={{ width: 160 }}
      options={s.schema.enum.map((v) => ({ value: v, label: v }))} />;
  }
  return <Input value={value as string} disabled={disabled} onChange={(e) => onChange(e.target.value)} data-testid={testId}
    maxLength={s.schema.maxLength} dir="ltr" style={{ width: 260 }} />;
}

function SettingValue({ s, canWrite }: { s: PlatformSetting; canWrite: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<unknown>(s.value);
  const [asking, setAsking] = useState(false);
  const save = useRpcMutation('set_platform_setting', { successKey: 'platform.settings.saved' });
  const problem = settingValueError(s.schema, draft);
  const changed = JSON.stringify(draft) !== JSON.stringify(s.value);
  return (
    <Space direction="vertical" size={2}>
      <Space wrap>
        <ValueEditor s={s} value={draft} onChange={setDraft} disabled={!canWrite} />
        {canWrite && (
          <Button type="primary" size="small" disabled={!changed || !!problem} onClick={() => setAsking(true)} data-testid={`setting-save-${s.key}`}>
            {t('buttons.save')}
          </Button>
        )}
      </Space>
      {problem && changed && <Typography.Text type="danger" data-testid={`setting-error-${s.key}`}>{t(problem.key, problem.values)}</Typography.Text>}
      <ReasonModal open={asking} reasonRequired title={t('platform.settings.confirm_title', { key: s.key })}
        confirmLoading={save.isPending} onCancel={() => setAsking(false)}
        onConfirm={(v) => save.mutate({ key: s.key, value: draft, reason: v.reason }, { onSuccess: () => setAsking(false) })} />
    </Space>
  );
}

export function PlatformSettingsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data, isLoading } = useRpcQuery<PlatformSetting[]>('platform_settings');
  const { data: can } = useCan({ resource: 'platform_settings', action: 'edit' });
  const canWrite = !!can?.can;
  return (
    <List title={t('platform_settings.titles.list')}>
      {!canWrite && <Typography.Paragraph type="secondary" data-testid="settings-read-only">{t('platform.settings.read_only')}</Typography.Paragraph>}
      <Table<PlatformSetting> rowKey="key" dataSource={data ?? []} loading={isLoading} pagination={false} data-testid="settings-table"
        scroll={{ x: 'max-content' }}>
        <Table.Column dataIndex="key" title={t('platform.settings.key')}
          render={(v: string, r: PlatformSetting) => (
            <Space direction="vertical" size={0} data-testid={`setting-row-${v}`}>
              <Typography.Text code dir="ltr">{v}</Typography.Text>
              <Typography.Text type="secondary">{localName(r.description, lang)}</Typography.Text>
            </Space>
          )} />
        <Table.Column key="value" title={t('platform.settings.value')}
          render={(_, r: PlatformSetting) => <SettingValue key={`${r.key}:${r.version}`} s={r} canWrite={canWrite} />} />
        <Table.Column key="default" title={t('platform.settings.default')}
          render={(_, r: PlatformSetting) => <Typography.Text code dir="ltr">{JSON.stringify(r.default_value)}</Typography.Text>} />
        <Table.Column key="version" title={t('platform.settings.version')}
          render={(_, r: PlatformSetting) => r.version === 0 ? t('platform.settings.default_in_use') : (
            <Space direction="vertical" size={0}>
              <span>v{formatNumber(r.version, lang)} · {formatDateTime(r.changed_at, lang)}</span>
              <Typography.Text type="secondary">{r.reason}</Typography.Text>
            </Space>
          )} />
      </Table>
    </List>
  );
}
