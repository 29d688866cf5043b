// An InputNumber for values held in component state (tables, editors) rather than in an antd Form:
// the range is checked, not enforced, so what was typed stays and the problem shows beneath it.
import { InputNumber, Typography, type InputNumberProps } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { numberMessage, type NumberRange } from '../lib/numbers';

export interface BoundedNumberProps extends Omit<InputNumberProps<number>, 'min' | 'max'> {
  range: NumberRange;
}

export function BoundedNumber({ range, ...props }: BoundedNumberProps) {
  const { t } = useTranslation();
  const id = useId();
  const problem = numberMessage(props.value, range, t);
  const testId = (props as { 'data-testid'?: string })['data-testid'];
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column' }}>
      <InputNumber<number> {...props} status={problem ? 'error' : props.status} aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? id : undefined} />
      {problem && (
        <Typography.Text type="danger" id={id} role="alert" style={{ fontSize: 12 }}
          data-testid={testId ? `${testId}-error` : undefined}>{problem}</Typography.Text>
      )}
    </span>
  );
}
