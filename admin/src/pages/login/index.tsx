// Sign in: password → TOTP (enrolment with a QR code the first time) → aal2 session.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Image, Input, Space, Typography, Layout } from 'antd';
import { LockOutlined, MailOutlined, SafetyCertificateOutlined, SkinOutlined } from '@ant-design/icons';
import { useLogin } from '@refinedev/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { enrollTotp, nextMfaStep, qrImageSrc, signInWithPassword, verifyTotp, type Enrolment } from '../../providers/auth';
import { supabase } from '../../providers/supabase';
import { describeError, type Described } from '../../lib/errors';
import { LanguageSwitch } from '../../components/LanguageSwitch';

type Step = 'password' | 'verify' | 'enroll';

export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [step, setStep] = useState<Step>('password');
  const [factorId, setFactorId] = useState<string>('');
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [error, setError] = useState<Described | null>(null);
  const [busy, setBusy] = useState(false);
  const { mutate: login } = useLogin();

  const finish = () => login({}, {
    onSuccess: (res) => { if (!res.success) setError({ title: t(res.error?.message ?? 'errors.unknown') }); },
    onError: (e) => setError(describeError(e, t)),
  });

  const goTo = async (next: Awaited<ReturnType<typeof nextMfaStep>>) => {
    if (next.next === 'done') return finish();
    if (next.next === 'verify') { setFactorId(next.factorId); setStep('verify'); return; }
    setEnrolment(await enrollTotp());
    setStep('enroll');
  };

  // A session left at aal1 (reload mid-MFA) continues where it stopped.
  useEffect(() => {
    void supabase.auth.getSession().then(async ({ data }) => {
      if (data.session) await goTo(await nextMfaStep()).catch(() => undefined);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try { await fn(); } catch (e) { setError(describeError(e, t)); } finally { setBusy(false); }
  };

  const restart = async () => {
    await supabase.auth.signOut({ scope: 'local' }).catch(() => undefined);
    setStep('password');
    setEnrolment(null);
    setError(null);
  };

  return (
    <Layout style={{ minHeight: '100vh', alignItems: 'center', justifyContent: 'center', background: '#f0f5f3' }}>
      <Card style={{ width: 420, maxWidth: '92vw' }} data-testid="login-card">
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={3} style={{ margin: 0 }}><SkinOutlined style={{ color: '#0b6e4f' }} /> {t('common.app_name')}</Typography.Title>
            <LanguageSwitch />
          </Space>
          {params.get('expired') && step === 'password' && !error && (
            <Alert type="info" showIcon message={t('auth.session_expired')} />
          )}
          {error && (
            <Alert data-testid="login-error" type="error" showIcon message={error.title} description={error.description} />
          )}

          {step === 'password' && (
            <Form layout="vertical" requiredMark={false}
              onFinish={(v: { email: string; password: string }) => run(async () => goTo(await signInWithPassword(v.email, v.password)))}>
              <Typography.Paragraph type="secondary">{t('auth.password_intro')}</Typography.Paragraph>
              <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email', message: t('auth.email_invalid') }]}>
                <Input prefix={<MailOutlined />} autoComplete="username" data-testid="login-email" dir="ltr" />
              </Form.Item>
              <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.password_required') }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" dir="ltr" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">{t('auth.sign_in')}</Button>
              <Link to="/set-password" style={{ display: 'block', marginTop: 12 }} data-testid="forgot-password">{t('auth.forgot_password')}</Link>
            </Form>
          )}

          {step === 'verify' && (
            <Form layout="vertical" requiredMark={false}
              onFinish={(v: { code: string }) => run(async () => { await verifyTotp(factorId, v.code); await goTo({ next: 'done' }); })}>
              <Typography.Paragraph>{t('auth.verify_intro')}</Typography.Paragraph>
              <Form.Item name="code" label={t('auth.totp_code')}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('auth.totp_invalid') }]}>
                <Input prefix={<SafetyCertificateOutlined />} inputMode="numeric" maxLength={6} autoComplete="one-time-code"
                  data-testid="totp-code" dir="ltr" autoFocus />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="totp-submit">{t('auth.verify')}</Button>
              <Button type="link" block onClick={restart}>{t('auth.use_other_account')}</Button>
            </Form>
          )}

          {step === 'enroll' && enrolment && (
            <Form layout="vertical" requiredMark={false}
              onFinish={(v: { code: string }) => run(async () => { await verifyTotp(enrolment.factorId, v.code); await goTo({ next: 'done' }); })}>
              <Typography.Paragraph>{t('auth.enroll_intro')}</Typography.Paragraph>
              <div style={{ textAlign: 'center' }}>
                <Image src={qrImageSrc(enrolment.qrCode)} width={200} height={200} preview={false} data-testid="totp-qr"
                  alt={t('auth.qr_alt')} />
              </div>
              <Typography.Paragraph>
                {t('auth.enroll_secret')} <Typography.Text code copyable data-testid="totp-secret" dir="ltr">{enrolment.secret}</Typography.Text>
              </Typography.Paragraph>
              <Form.Item name="code" label={t('auth.totp_code')}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('auth.totp_invalid') }]}>
                <Input inputMode="numeric" maxLength={6} data-testid="totp-code" dir="ltr" autoFocus />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="totp-submit">{t('auth.enroll_confirm')}</Button>
              <Button type="link" block onClick={restart}>{t('auth.use_other_account')}</Button>
            </Form>
          )}
          {import.meta.env.DEV && step !== 'enroll' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('auth.dev_hint')}</Typography.Text>
          )}
        </Space>
      </Card>
    </Layout>
  );
}
