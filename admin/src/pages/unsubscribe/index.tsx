// Where the unsubscribe link of a non-transactional e-mail lands (signed in or not). Following the
// link changes nothing by itself (mail scanners open links); the reader confirms with a button. The
// answer is the same whether or not the token is known: the page reveals nothing about it.
import { Button, Card, Layout, Result, Space, Typography } from 'antd';
import { MailOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useRpcMutation } from '../../lib/useRpc';
import { LanguageSwitch } from '../../components/LanguageSwitch';

export function UnsubscribePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const unsubscribe = useRpcMutation<void, void>(() => ({ fn: 'unsubscribe_notifications', args: { p_token: token } }));

  return (
    <Layout style={{ minHeight: '100vh', alignItems: 'center', justifyContent: 'center', background: '#f0f5f3' }}>
      <Card style={{ width: 480, maxWidth: '92vw' }} data-testid="unsubscribe-card">
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={4} style={{ margin: 0 }}><MailOutlined /> {t('notifications.unsubscribe.title')}</Typography.Title>
            <LanguageSwitch />
          </Space>
          {unsubscribe.isSuccess ? (
            <div data-testid="unsubscribe-done">
              <Result status="success" title={t('notifications.unsubscribe.done')} subTitle={t('notifications.unsubscribe.transactional_note')} />
            </div>
          ) : (
            <>
              <Typography.Paragraph>{t('notifications.unsubscribe.explain')}</Typography.Paragraph>
              <Typography.Paragraph type="secondary">{t('notifications.unsubscribe.transactional_note')}</Typography.Paragraph>
              <Button type="primary" block loading={unsubscribe.isPending} disabled={!token} data-testid="unsubscribe-confirm"
                onClick={() => unsubscribe.mutate()}>
                {t('notifications.unsubscribe.confirm')}
              </Button>
              {!token && <Typography.Text type="danger" data-testid="unsubscribe-no-token">{t('notifications.unsubscribe.no_token')}</Typography.Text>}
            </>
          )}
        </Space>
      </Card>
    </Layout>
  );
}
