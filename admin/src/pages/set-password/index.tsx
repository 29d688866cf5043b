// Where mailed links land (invitation and "forgot password"): supabase-js takes the session from
// the link, the member sets a password, then the sign-in page continues with TOTP enrolment.
// Without a session (or with an expired link) the page offers to mail a new link.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Layout, Space, Spin, Typography } from 'antd';
import { LockOutlined, MailOutlined, SkinOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { mailPasswordLink, passwordProblem, setNewPassword } from '../../providers/auth';
import { supabase } from '../../providers/supabase';
import { describeError, type Described } from '../../lib/errors';
import { LanguageSwitch } from '../../components/LanguageSwitch';

type View = { kind: 'checking' } | { kind: 'set'; email: string } | { kind: 'request'; sentTo?: string };

// Read when the app loads, before supabase-js consumes the fragment of the link.
const LANDING_HASH = typeof window === 'undefined' ? '' : window.location.hash;

/** GoTrue puts a failed link's reason in the fragment (#error_code=otp_expired&error_description=…). */
function linkError(): { code: string; message?: string } | null {
  const hash = new URLSearchParams(LANDING_HASH.slice(1));
  const code = hash.get('error_code');
  return code ? { code, message: hash.get('error_description') ?? undefined } : null;
}

export function SetPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [view, setView] = useState<View>({ kind: 'checking' });
  const [error, setError] = useState<Described | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const failed = linkError();
    // getSession waits until supabase-js has read the session from the link.
    void supabase.auth.getSession().then(({ data }) => {
      if (failed) {
        setError(describeError(failed, t));
        setView({ kind: 'request' });
      } else if (data.session?.user.email) {
        setView({ kind: 'set', email: data.session.user.email });
      } else {
        setView({ kind: 'request' });
      }
      if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try { await fn(); } catch (e) { setError(describeError(e, t)); } finally { setBusy(false); }
  };

  return (
    <Layout style={{ minHeight: '100vh', alignItems: 'center', justifyContent: 'center', background: '#f0f5f3' }}>
      <Card style={{ width: 440, maxWidth: '92vw' }} data-testid="set-password-card">
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={3} style={{ margin: 0 }}><SkinOutlined style={{ color: '#0b6e4f' }} /> {t('common.app_name')}</Typography.Title>
            <LanguageSwitch />
          </Space>
          {error && <Alert data-testid="set-password-error" type="error" showIcon message={error.title} description={error.description} />}

          {view.kind === 'checking' && <Spin tip={t('auth.set_password.checking')}><div style={{ height: 48 }} /></Spin>}

          {view.kind === 'set' && (
            <Form layout="vertical" requiredMark={false}
              onFinish={(v: { password: string }) => run(async () => { await setNewPassword(v.password); navigate('/login'); })}>
              <Typography.Title level={4}>{t('auth.set_password.title')}</Typography.Title>
              <Typography.Paragraph>{t('auth.set_password.intro', { email: view.email })}</Typography.Paragraph>
              <Form.Item name="password" label={t('auth.set_password.password')} extra={t('auth.set_password.rules')}
                rules={[{ validator: async (_, value: string) => {
                  const problem = passwordProblem(value ?? '');
                  if (problem) throw new Error(t(`auth.set_password.${problem}`));
                } }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="new-password" dir="ltr" />
              </Form.Item>
              <Form.Item name="confirm" label={t('auth.set_password.confirm')} dependencies={['password']}
                rules={[({ getFieldValue }) => ({ validator: async (_, value: string) => {
                  if (value !== getFieldValue('password')) throw new Error(t('auth.set_password.mismatch'));
                } })]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="confirm-password" dir="ltr" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="set-password-submit">{t('auth.set_password.submit')}</Button>
            </Form>
          )}

          {view.kind === 'request' && (
            <Form layout="vertical" requiredMark={false}
              onFinish={(v: { email: string }) => run(async () => { await mailPasswordLink(v.email); setView({ kind: 'request', sentTo: v.email }); })}>
              <Typography.Title level={4}>{t('auth.set_password.request_title')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('auth.set_password.request_intro')}</Typography.Paragraph>
              {view.sentTo && <Alert type="success" showIcon data-testid="link-sent" message={t('auth.set_password.request_sent', { email: view.sentTo })} style={{ marginBottom: 16 }} />}
              <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email', message: t('auth.email_invalid') }]}>
                <Input prefix={<MailOutlined />} autoComplete="username" data-testid="request-email" dir="ltr" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="request-submit">{t('auth.set_password.request_submit')}</Button>
            </Form>
          )}
          <Link to="/login">{t('auth.set_password.back_to_sign_in')}</Link>
        </Space>
      </Card>
    </Layout>
  );
}
