// The one plan change of a tenant, used by the tenant's Entitlements tab and its Billing tab: both
// call public.change_plan, which goes through the tenant's subscription when it has one (prorated,
// invoiced, the plan follows at the effective time) and changes the plan alone when it has none.
// The preview (public.preview_plan_change) is the server's own figure, by day in the tenant's
// timezone: what the invoice will say.
import { Alert, Descriptions, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localName } from '../../lib/format';
import { useRpcMutation, useRpcQuery, useShowError } from '../../lib/useRpc';
import { useMoney } from '../billing/money';
import { useCurrentPlans } from './data';
import { planChangeArgs, planChangeOutlook, type PlanChangePreview } from './model';

interface ChangeResult { direction: string; status: string; effective: string; billed: boolean; invoice?: { number?: string } | null }

/** testId: the prefix of the modal's test ids (the Entitlements tab uses change-plan, Billing sub-change). */
export function PlanChangeModal({ tenantId, currency, interval, open, onClose, testId }: {
  tenantId: string; currency: string; interval: 'month' | 'year'; open: boolean; onClose: () => void; testId: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const money = useMoney(lang);
  const showError = useShowError();
  const { plans } = useCurrentPlans();
  const [target, setTarget] = useState<string>();
  const [effective, setEffective] = useState<'now' | 'period_end'>('now');
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<ChangeResult | null>(null);
  const change = useRpcMutation<ChangeResult>('change_plan', { successKey: 'plans.entitlements.changed_ok' });
  // The preview of the picked plan (a read: a query, never an earlier plan's figures meanwhile).
  const previewQuery = useRpcQuery<PlanChangePreview>('preview_plan_change', { tenant_id: tenantId, plan_code: target },
    { enabled: open && !!target && !result, placeholderData: undefined, retry: false });
  const preview = target && !previewQuery.isPlaceholderData ? previewQuery.data ?? null : null;
  useEffect(() => { if (previewQuery.data) setEffective(previewQuery.data.default_effective ?? 'now'); }, [previewQuery.data]);
  useEffect(() => { if (previewQuery.error) showError(previewQuery.error); }, [previewQuery.error]); // eslint-disable-line react-hooks/exhaustive-deps
  const pick = (code: string) => setTarget(code);
  const close = () => { setTarget(undefined); setReason(''); setResult(null); onClose(); };
  const outlook = preview ? planChangeOutlook(preview, effective) : null;
  const pr = outlook?.showProration ? preview?.proration : null;
  const cur = preview?.currency ?? currency;
  const amount = (v: number | null | undefined) => <span dir="ltr">{money(v, cur)}</span>;
  const price = (code: string) => plans.find((p) => p.code === code)?.plan_prices?.find((x) => x.currency === currency && x.interval === interval)?.amount;
  return (
    <Modal open={open} title={t('plans.entitlements.change_plan')} onCancel={close} destroyOnHidden width={640}
      okText={result ? t('plans.entitlements.done') : t('plans.entitlements.apply_change')} cancelText={t('buttons.cancel')}
      confirmLoading={change.isPending} okButtonProps={{ disabled: !result && !preview, 'data-testid': `${testId}-ok` } as any}
      onOk={() => (result || !target ? close()
        : change.mutate(planChangeArgs(tenantId, target, effective, reason), { onSuccess: (r) => setResult(r) }))}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select style={{ width: '100%' }} placeholder={t('plans.entitlements.target_plan')} value={target} onChange={pick}
          data-testid={`${testId}-target`} disabled={!!result}
          options={plans.filter((p) => p.status === 'active').map((p) => {
            const a = price(p.code);
            return { value: p.code, label: `${localName(p.name, lang)} v${p.version} — ${a === undefined ? t('billing.subscriptions.no_price') : money(a, currency)}` };
          })} />
        {preview && outlook && !result && (
          <div data-testid={`${testId}-preview`} data-direction={preview.direction} data-billed={String(preview.billed)}>
            <Alert type={preview.billed ? 'info' : 'warning'} showIcon style={{ marginBottom: 8 }}
              message={t(`plans.entitlements.outlook.${outlook.note}`)} data-testid={`${testId}-outlook`} />
            <Descriptions size="small" bordered column={2}
              title={t('billing.subscriptions.preview', { direction: t(`billing.directions.${preview.direction}`, t(`plans.directions.${preview.direction}`, preview.direction)) })}>
              <Descriptions.Item label={t('billing.subscriptions.old_price')}>{amount(preview.old_amount)}</Descriptions.Item>
              <Descriptions.Item label={t('billing.subscriptions.new_price')}>{amount(preview.new_amount)}</Descriptions.Item>
              {pr && <>
                <Descriptions.Item label={t('billing.subscriptions.days_remaining')}>
                  {t('billing.subscriptions.days_of', { remaining: pr.days_remaining, total: pr.days_in_period })}
                </Descriptions.Item>
                <Descriptions.Item label={t('billing.subscriptions.credit')}>{amount(pr.credit)}</Descriptions.Item>
                <Descriptions.Item label={t('billing.subscriptions.charge')}>{amount(pr.charge)}</Descriptions.Item>
                <Descriptions.Item label={t('billing.subscriptions.net')}>{amount(pr.net)}</Descriptions.Item>
                <Descriptions.Item label={t('billing.subscriptions.tax', { rate: pr.tax_rate })}>{amount(pr.tax)}</Descriptions.Item>
                <Descriptions.Item label={<b>{t('billing.subscriptions.prorated_total')}</b>}>
                  <b data-testid={`${testId}-total`}>{money(pr.total, cur)}</b>
                </Descriptions.Item>
              </>}
            </Descriptions>
            {!!preview.violations?.length && (
              <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t('billing.subscriptions.violations')}
                description={preview.violations.join(', ')} />
            )}
          </div>
        )}
        {preview && !result && (
          <Radio.Group value={effective} onChange={(e) => setEffective(e.target.value)} data-testid={`${testId}-effective`}>
            <Radio value="now">{t('plans.entitlements.effective.now')}</Radio>
            <Radio value="period_end">{t('plans.entitlements.effective.period_end')}</Radio>
          </Radio.Group>
        )}
        {!result && (
          <Input.TextArea rows={2} placeholder={t('common.reason_optional')} value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
        {result && (
          <Alert type="success" showIcon data-testid={`${testId}-result`}
            message={t('plans.entitlements.changed', { direction: t(`plans.directions.${result.direction}`, result.direction),
              status: t(`plans.change_status.${result.status}`, result.status) })}
            description={result.invoice?.number ? t('plans.entitlements.invoiced', { number: result.invoice.number })
              : result.billed ? undefined : t('plans.entitlements.outlook.plan_alone_now')} />
        )}
        <Typography.Text type="secondary">{t('plans.entitlements.one_rule')}</Typography.Text>
      </Space>
    </Modal>
  );
}
