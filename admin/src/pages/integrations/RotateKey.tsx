// Rotating an API key: the new key is shown once; the old one keeps working for the grace period
// chosen here (public.rotate_api_key's overlap_minutes: 24 h by default, 0 = it stops at once, at
// most 7 days), long enough to redeploy the client with the new key.
import { Alert, Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRpcMutation } from '../../lib/useRpc';
import type { ApiKeyRow, OnceSecret } from '../../types/rows';

/** Grace periods offered, in minutes (the SQL accepts 0..10080). */
export const GRACE_MINUTES = [0, 60, 1440, 4320, 10080] as const;

export function RotateKey({ apiKey, onClose, onSecret }: { apiKey: ApiKeyRow | null; onClose: () => void; onSecret: (s: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ overlap_minutes: number }>();
  const rotate = useRpcMutation<OnceSecret>('rotate_api_key', { successKey: 'integrations.keys.rotated' });
  const grace = Form.useWatch('overlap_minutes', form) ?? 1440;
  const submit = (v: { overlap_minutes: number }) => rotate.mutateAsync({ key_id: apiKey!.id, overlap_minutes: v.overlap_minutes })
    .then((x) => { onClose(); if (x.key) onSecret(x.key); }).catch(() => undefined);
  return (
    <Modal open={!!apiKey} title={t('integrations.keys.rotate_title', { name: apiKey?.name ?? '' })} onCancel={onClose}
      onOk={() => form.submit()} okText={t('integrations.keys.rotate')} confirmLoading={rotate.isPending}
      okButtonProps={{ 'data-testid': 'key-rotate-ok' } as any} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ overlap_minutes: 1440 }}>
        <Form.Item name="overlap_minutes" label={t('integrations.keys.grace')}>
          <Select data-testid="key-rotate-grace"
            options={GRACE_MINUTES.map((m) => ({ value: m, label: t(`integrations.keys.graces.${m}`) }))} />
        </Form.Item>
      </Form>
      <Alert type={grace === 0 ? 'warning' : 'info'} showIcon data-testid="key-rotate-effect"
        message={grace === 0 ? t('integrations.keys.rotate_now') : t('integrations.keys.rotate_overlap', { grace: t(`integrations.keys.graces.${grace}`) })} />
    </Modal>
  );
}
