// Asks for a reason (required or optional) and confirms an action.
import { Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { numberRule } from '../lib/numbers';
import type { ReactNode } from 'react';

export interface ReasonModalProps {
  open: boolean;
  title: ReactNode;
  description?: ReactNode;
  reasonRequired: boolean;
  trialDays?: boolean;
  danger?: boolean;
  confirmLoading?: boolean;
  okText?: ReactNode;
  onCancel: () => void;
  onConfirm: (values: { reason?: string; trial_days?: number }) => void;
}

export function ReasonModal(p: ReasonModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Modal
      open={p.open}
      title={p.title}
      destroyOnHidden
      okText={p.okText ?? t('common.confirm')}
      cancelText={t('buttons.cancel')}
      okButtonProps={{ danger: p.danger, 'data-testid': 'reason-ok' } as any}
      confirmLoading={p.confirmLoading}
      onCancel={p.onCancel}
      onOk={() => form.validateFields().then(p.onConfirm).catch(() => undefined)}
    >
      {p.description}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t(p.reasonRequired ? 'common.reason_required' : 'common.reason_optional')}
          rules={p.reasonRequired ? [{ required: true, whitespace: true, message: t('common.reason_missing') }] : []}
        >
          <Input.TextArea rows={3} data-testid="reason-input" />
        </Form.Item>
        {p.trialDays && (
          <Form.Item name="trial_days" label={t('tenants.lifecycle.trial_days')}
            rules={[numberRule({ min: 1, max: 365, integer: true }, t)]}>
            <InputNumber style={{ width: '100%' }} data-testid="reason-trial-days" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
