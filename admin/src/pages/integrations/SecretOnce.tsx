// A secret (whsec_… or an API key) shown ONCE after it was made: the database keeps only what it
// needs to sign or to check, so this dialog is the only place to copy it.
import { Alert, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function SecretOnce({ value, onClose }: { value: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={!!value} title={t('integrations.secret.title')} onOk={onClose} onCancel={onClose} maskClosable={false}
      cancelButtonProps={{ style: { display: 'none' } }} okText={t('integrations.secret.done')}
      okButtonProps={{ 'data-testid': 'secret-done' } as any} data-testid="secret-once">
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('integrations.secret.once')} />
      <Typography.Paragraph copyable={{ text: value ?? '', tooltips: [t('integrations.secret.copy'), t('integrations.secret.copied')] }}
        code dir="ltr" data-testid="secret-value" style={{ wordBreak: 'break-all' }}>{value}</Typography.Paragraph>
    </Modal>
  );
}
