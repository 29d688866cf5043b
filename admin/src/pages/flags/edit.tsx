// A flag's editor: description, default, and the ordered rules (first match wins) with a
// rollout slider for percentage rules. Saved with save_flag; the kill switch lives here too.
import { Create, Edit } from '@refinedev/antd';
import { useCan, useList, useOne } from '@refinedev/core';
import {
  Alert, Button, Card, Col, Form, Input, Row, Select, Slider, Space, Switch, Typography,
} from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../../components/ReasonModal';
import { BoundedNumber } from '../../components/BoundedNumber';
import { useCurrentPlans } from '../../components/entitlements/data';
import {
  FLAG_KEY_RE, PERCENTAGE_RANGE, RULE_TYPES, flagRuleErrors, move, newRule, type FlagRow, type FlagRule, type RuleType,
} from '../../components/entitlements/model';
import { localName } from '../../lib/format';
import { refOptions, useReferenceLists } from '../../lib/reference';
import { useRpcMutation } from '../../lib/useRpc';
import { FlagExposure, KillSwitch } from './list';

function RuleEditor({ rule, index, count, readOnly, tenants, plans, onChange, onMove, onRemove }: {
  rule: FlagRule; index: number; count: number; readOnly: boolean;
  tenants: { value: string; label: string }[]; plans: { value: string; label: string }[];
  onChange: (r: FlagRule) => void; onMove: (by: -1 | 1) => void; onRemove: () => void;
}) {
  const { t, i18n } = useTranslation();
  const regionList = useReferenceLists().regions;
  return (
    <Card size="small" data-testid={`rule-${index}`} title={
      <Space>
        <Typography.Text type="secondary">#{index + 1}</Typography.Text>
        <Select disabled={readOnly} value={rule.type} style={{ width: 200 }} data-testid={`rule-type-${index}`}
          aria-label={`${t('feature_flags.fields.rules')} ${index + 1}`}
          onChange={(v: RuleType) => onChange(newRule(v))}
          options={RULE_TYPES.map((v) => ({ value: v, label: t(`feature_flags.rule_types.${v}`) }))} />
      </Space>
    } extra={!readOnly && (
      <Space size={4}>
        <Button size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('feature_flags.move_up')} />
        <Button size="small" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('feature_flags.move_down')} />
        <Button size="small" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('buttons.delete')} />
      </Space>
    )}>
      {(rule.type === 'tenant_allow' || rule.type === 'tenant_deny') && (
        <Select mode="multiple" disabled={readOnly} style={{ width: '100%' }} value={rule.tenants} options={tenants} optionFilterProp="label"
          aria-label={t('feature_flags.pick_tenants')}
          placeholder={t('feature_flags.pick_tenants')} onChange={(v) => onChange({ ...rule, tenants: v })} />
      )}
      {rule.type === 'plan' && (
        <Space wrap>
          <Select mode="multiple" disabled={readOnly} style={{ minWidth: 320 }} value={rule.plans} options={plans}
            aria-label={t('feature_flags.pick_plans')}
            placeholder={t('feature_flags.pick_plans')} onChange={(v) => onChange({ ...rule, plans: v })} />
          <Switch disabled={readOnly} checked={rule.enabled !== false} checkedChildren={t('feature_flags.on')} unCheckedChildren={t('feature_flags.off')}
            onChange={(v) => onChange({ ...rule, enabled: v })} />
        </Space>
      )}
      {rule.type === 'region' && (
        <Space wrap>
          <Select mode="multiple" disabled={readOnly} style={{ minWidth: 320 }} value={rule.regions}
            aria-label={t('feature_flags.pick_regions')}
            options={refOptions(regionList, i18n.language, false)}
            placeholder={t('feature_flags.pick_regions')} onChange={(v) => onChange({ ...rule, regions: v })} />
          <Switch disabled={readOnly} checked={rule.enabled !== false} checkedChildren={t('feature_flags.on')} unCheckedChildren={t('feature_flags.off')}
            onChange={(v) => onChange({ ...rule, enabled: v })} />
        </Space>
      )}
      {rule.type === 'percentage' && (
        <Row gutter={16} align="middle">
          <Col flex="auto">
            <Slider disabled={readOnly} min={0} max={100} step={1} value={rule.percentage} data-testid={`rule-slider-${index}`}
              onChange={(v: number) => onChange({ ...rule, percentage: v })} tooltip={{ formatter: (v) => `${v}%` }} />
          </Col>
          <Col>
            <BoundedNumber disabled={readOnly} range={PERCENTAGE_RANGE} value={rule.percentage} addonAfter="%" data-testid={`rule-percentage-${index}`}
              aria-label={t('feature_flags.rule_types.percentage')}
              onChange={(v) => onChange({ ...rule, percentage: v as number })} />
          </Col>
          <Col span={24}><Typography.Text type="secondary">{t('feature_flags.percentage_explain')}</Typography.Text></Col>
        </Row>
      )}
    </Card>
  );
}

function FlagEditor({ flag }: { flag: FlagRow | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { data: canWrite } = useCan({ resource: 'feature_flags', action: 'edit' });
  const readOnly = !canWrite?.can;
  const [key, setKey] = useState(flag?.key ?? '');
  const [descEn, setDescEn] = useState(flag?.description?.en ?? '');
  const [descAr, setDescAr] = useState(flag?.description?.ar ?? '');
  const [def, setDef] = useState(flag?.default_enabled ?? false);
  const [rules, setRules] = useState<FlagRule[]>(flag?.rules ?? []);
  const [addType, setAddType] = useState<RuleType>('percentage');
  const [confirm, setConfirm] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const save = useRpcMutation<number>('save_flag', { successKey: 'feature_flags.saved' });
  const { plans } = useCurrentPlans();
  const { result: tenants } = useList<{ id: string; slug: string; name: Record<string, string> }>({
    resource: 'tenants', meta: { select: 'id, slug, name' }, pagination: { mode: 'off' }, sorters: [{ field: 'slug', order: 'asc' }],
  });
  const tenantOptions = (tenants?.data ?? []).map((x) => ({ value: x.id, label: `${localName(x.name, i18n.language)} (${x.slug})` }));
  const planOptions = plans.map((p) => ({ value: p.code, label: localName(p.name, i18n.language) }));
  const problems = () => [...(FLAG_KEY_RE.test(key) ? [] : [t('feature_flags.validation.key')]),
    ...flagRuleErrors(rules).map(([i, k]) => `#${i + 1}: ${t(k)}`)];
  const trySave = () => {
    const e = problems();
    setErrors(e);
    if (!e.length) setConfirm(true);
  };
  // once shown, the list follows the edits: a fixed problem leaves it at once
  const shown = errors.length > 0;
  useEffect(() => { if (shown) setErrors(problems()); }, [key, rules, shown]); // eslint-disable-line react-hooks/exhaustive-deps
  const description: Record<string, string> = {};
  if (descEn.trim()) description.en = descEn.trim();
  if (descAr.trim()) description.ar = descAr.trim();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {readOnly && <Alert type="info" showIcon message={t('feature_flags.read_only')} />}
      {errors.length > 0 && <Alert type="error" showIcon data-testid="flag-errors" message={t('feature_flags.validation.title')}
        description={<ul style={{ margin: 0 }}>{errors.map((e) => <li key={e}>{e}</li>)}</ul>} />}
      <Card size="small">
        <Form layout="vertical" disabled={readOnly}>
          <Row gutter={16}>
            <Col xs={24} md={8}><Form.Item label={t('feature_flags.fields.key')} htmlFor="flag-key">
              <Input id="flag-key" dir="ltr" value={key} disabled={!!flag} onChange={(e) => setKey(e.target.value)} data-testid="flag-key" />
            </Form.Item></Col>
            <Col xs={24} md={8}><Form.Item label={t('feature_flags.fields.description_en')} htmlFor="flag-description-en">
              <Input id="flag-description-en" value={descEn} onChange={(e) => setDescEn(e.target.value)} data-testid="flag-description-en" />
            </Form.Item></Col>
            <Col xs={24} md={8}><Form.Item label={t('feature_flags.fields.description_ar')} htmlFor="flag-description-ar">
              <Input id="flag-description-ar" dir="rtl" value={descAr} onChange={(e) => setDescAr(e.target.value)} />
            </Form.Item></Col>
            <Col xs={12} md={8}><Form.Item label={t('feature_flags.fields.default_enabled')} extra={t('feature_flags.default_explain')} htmlFor="flag-default">
              <Switch id="flag-default" checked={def} onChange={setDef} data-testid="flag-default" />
            </Form.Item></Col>
            {flag && (
              <>
                <Col xs={12} md={8}><Form.Item label={t('feature_flags.fields.kill_switch')} extra={t('feature_flags.kill_hint')}>
                  <KillSwitch flag={flag} />
                </Form.Item></Col>
                <Col xs={24} md={8}><Form.Item label={t('feature_flags.fields.exposure')}><FlagExposure flagKey={flag.key} /></Form.Item></Col>
              </>
            )}
          </Row>
        </Form>
      </Card>
      <Card size="small" title={t('feature_flags.fields.rules')} extra={!readOnly && (
        <Space>
          <Select value={addType} onChange={setAddType} style={{ width: 200 }} data-testid="rule-add-type" aria-label={t('feature_flags.add_rule')}
            options={RULE_TYPES.map((v) => ({ value: v, label: t(`feature_flags.rule_types.${v}`) }))} />
          <Button icon={<PlusOutlined />} onClick={() => setRules([...rules, newRule(addType)])} data-testid="rule-add">{t('feature_flags.add_rule')}</Button>
        </Space>
      )}>
        <Typography.Paragraph type="secondary">{t('feature_flags.rules_explain')}</Typography.Paragraph>
        <Space direction="vertical" style={{ width: '100%' }}>
          {rules.map((r, i) => (
            <RuleEditor key={i} rule={r} index={i} count={rules.length} readOnly={readOnly} tenants={tenantOptions} plans={planOptions}
              onChange={(nr) => setRules(rules.map((x, j) => (j === i ? nr : x)))}
              onMove={(by) => setRules(move(rules, i, by))} onRemove={() => setRules(rules.filter((_, j) => j !== i))} />
          ))}
          {rules.length === 0 && <Typography.Text type="secondary">{t('feature_flags.no_rules')}</Typography.Text>}
        </Space>
      </Card>
      {!readOnly && <Button type="primary" onClick={trySave} loading={save.isPending} data-testid="flag-save">{t('buttons.save')}</Button>}
      <ReasonModal open={confirm} title={t('feature_flags.save_title', { key })} reasonRequired={false} confirmLoading={save.isPending}
        onCancel={() => setConfirm(false)}
        onConfirm={(v) => save.mutate({ key, definition: { description, default_enabled: def, rules }, reason: v.reason || null }, {
          onSuccess: () => { setConfirm(false); if (!flag) navigate(`/flags/edit/${encodeURIComponent(key)}`); },
        })} />
    </Space>
  );
}

export function FlagEdit() {
  const { id } = useParams();
  const { result, query } = useOne<FlagRow>({ resource: 'feature_flags', id: id ?? '', meta: { idColumnName: 'key' } });
  return (
    <Edit isLoading={query.isLoading} saveButtonProps={{ hidden: true }} canDelete={false} recordItemId={id}
      title={result ? <span data-testid="flag-title">{result.key}</span> : undefined}>
      {result && <FlagEditor key={result.key} flag={result} />}
    </Edit>
  );
}

export function FlagCreate() {
  return <Create saveButtonProps={{ hidden: true }}><FlagEditor flag={null} /></Create>;
}
