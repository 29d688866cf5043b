// The workflow as a graph, drawn with SVG: stages are nodes (columns by distance from the start
// stage), transitions are edges (forward edges as curves, backward ones as arcs under the nodes).
// Problems from validate_workflow colour the stages and transitions they name.
import { useMemo, useState } from 'react';
import { Button, Space, Tooltip, Typography } from 'antd';
import { ExpandOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { localName } from '../../lib/format';
import {
  NODE_H, NODE_W, layoutGraph, problemTargets, transitionKey,
  type WorkflowDefinition, type WorkflowProblem,
} from '../../lib/workflow';

export type Mark = 'added' | 'changed' | 'removed';

interface Props {
  definition: WorkflowDefinition;
  problems?: WorkflowProblem[];
  selected?: string | null;
  onSelectStage?: (code: string) => void;
  onSelectTransition?: (key: string) => void;
  /** diff or override marks, by stage code / transition key */
  marks?: Record<string, Mark>;
  testId?: string;
}

const MARK_COLOUR: Record<Mark, string> = { added: '#52c41a', changed: '#faad14', removed: '#f5222d' };
const ERROR = '#f5222d';

export function WorkflowGraph({ definition, problems = [], selected, onSelectStage, onSelectTransition, marks = {}, testId = 'workflow-graph' }: Props) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.language === 'ar';
  const layout = useMemo(() => layoutGraph(definition, rtl), [definition, rtl]);
  const bad = useMemo(() => problemTargets(problems), [problems]);
  const markerId = `${testId}-arrow`;
  // 'fit': the whole graph in the card's width (every stage visible); a number: that scale, scrolled
  const [zoom, setZoom] = useState<'fit' | number>('fit');
  const scale = zoom === 'fit' ? null : zoom;
  const zoomBy = (f: number) => setZoom((z) => Math.min(3, Math.max(0.25, Math.round((z === 'fit' ? 1 : z) * f * 100) / 100)));
  let backIndex = 0;

  const edges = definition.transitions.map((tr) => {
    const a = layout.nodes.get(tr.from);
    const b = layout.nodes.get(tr.to);
    const key = transitionKey(tr);
    const isBad = bad.transitions.has(key) || (!a || !b);
    if (!a || !b) return null; // dangling: listed with the problems, nothing to draw between
    const forward = rtl ? b.x < a.x : b.x > a.x;
    let d: string;
    let mid: { x: number; y: number };
    if (forward) {
      const x1 = rtl ? a.x : a.x + NODE_W;
      const x2 = rtl ? b.x + NODE_W : b.x;
      const y1 = a.y + NODE_H / 2;
      const y2 = b.y + NODE_H / 2;
      const dx = (x2 - x1) / 2;
      d = `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`;
      mid = { x: (x1 + x2) / 2, y: (y1 + y2) / 2 };
    } else {
      // back or same-column edge: leave from the bottom, arc below, enter from the bottom
      backIndex += 1;
      const x1 = a.x + NODE_W / 2 + 12;
      const x2 = b.x + NODE_W / 2 - 12;
      const y1 = a.y + NODE_H;
      const y2 = b.y + NODE_H;
      const depth = 26 + (backIndex % 4) * 10;
      const low = Math.max(y1, y2) + depth;
      d = `M${x1},${y1} C${x1},${low} ${x2},${low} ${x2},${y2}`;
      mid = { x: (x1 + x2) / 2, y: low - 6 };
    }
    const mark = marks[key];
    const colour = isBad ? ERROR : mark ? MARK_COLOUR[mark] : '#8c8c8c';
    const guards = tr.guards?.length ?? 0;
    return (
      <g key={key} data-testid="graph-edge" data-key={key} data-error={isBad ? 'true' : 'false'} data-mark={mark ?? ''}
        style={{ cursor: onSelectTransition ? 'pointer' : undefined }} onClick={() => onSelectTransition?.(key)}>
        <title>{`${localName(tr.label, i18n.language) || key}${guards ? ` — ${t('workflows.fields.guards')}: ${tr.guards!.join(', ')}` : ''}`}</title>
        <path d={d} fill="none" stroke={colour} strokeWidth={isBad || mark ? 2.2 : 1.4}
          strokeDasharray={tr.bridged ? '5 4' : undefined} markerEnd={`url(#${markerId}${isBad ? '-bad' : ''})`} />
        {guards > 0 && (
          <g transform={`translate(${mid.x},${mid.y})`}>
            <circle r={8} fill="#fff" stroke={colour} />
            <text textAnchor="middle" dy={3.5} fontSize={10} fill={colour}>{guards}</text>
          </g>
        )}
      </g>
    );
  });

  return (
    <div style={{ border: '1px solid #f0f0f0', borderRadius: 8, background: '#fcfcfc' }}>
      <Space size={4} style={{ padding: 4, display: 'flex', justifyContent: 'flex-end' }} data-testid={`${testId}-zoom`}>
        <Tooltip title={t('workflows.graph.zoom_out')}>
          <Button size="small" icon={<ZoomOutOutlined />} aria-label={t('workflows.graph.zoom_out')} onClick={() => zoomBy(1 / 1.25)} />
        </Tooltip>
        <Typography.Text type="secondary" style={{ minWidth: 44, textAlign: 'center', fontSize: 12 }} dir="ltr">
          {scale === null ? t('workflows.graph.fit') : `${Math.round(scale * 100)}%`}
        </Typography.Text>
        <Tooltip title={t('workflows.graph.zoom_in')}>
          <Button size="small" icon={<ZoomInOutlined />} aria-label={t('workflows.graph.zoom_in')} onClick={() => zoomBy(1.25)} />
        </Tooltip>
        <Tooltip title={t('workflows.graph.fit_width')}>
          <Button size="small" icon={<ExpandOutlined />} aria-label={t('workflows.graph.fit_width')} data-testid={`${testId}-fit`}
            type={scale === null ? 'primary' : 'default'} onClick={() => setZoom('fit')} />
        </Tooltip>
      </Space>
      <div style={{ overflow: 'auto', maxHeight: scale === null ? undefined : 640 }}>
      <svg data-testid={testId} data-zoom={scale === null ? 'fit' : String(scale)}
        width={scale === null ? '100%' : layout.width * scale} height={scale === null ? undefined : layout.height * scale}
        viewBox={`0 0 ${layout.width} ${layout.height}`} preserveAspectRatio={rtl ? 'xMaxYMin meet' : 'xMinYMin meet'}
        role="img" aria-label={t('workflows.graph.aria')}
        style={{ display: 'block', fontFamily: 'inherit', maxWidth: scale === null ? layout.width : undefined }}>
        <defs>
          {[['', '#8c8c8c'], ['-bad', ERROR]].map(([suffix, fill]) => (
            <marker key={suffix} id={`${markerId}${suffix}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill={fill} />
            </marker>
          ))}
        </defs>
        {edges}
        {definition.stages.map((s) => {
          const n = layout.nodes.get(s.code);
          if (!n) return null;
          const isBad = bad.stages.has(s.code);
          const mark = marks[s.code];
          const stroke = isBad ? ERROR : mark ? MARK_COLOUR[mark] : selected === s.code ? '#0b6e4f' : s.colour ?? '#d9d9d9';
          const name = localName(s.name, i18n.language) || s.code;
          return (
            <g key={s.code} transform={`translate(${n.x},${n.y})`} data-testid="graph-node" data-code={s.code}
              data-kind={s.kind} data-error={isBad ? 'true' : 'false'} data-mark={mark ?? ''}
              style={{ cursor: onSelectStage ? 'pointer' : undefined }} onClick={() => onSelectStage?.(s.code)}>
              <title>{`${name} (${s.code})${s.sla_minutes ? ` — ${t('workflows.fields.sla_minutes')}: ${s.sla_minutes}` : ''}`}</title>
              <rect width={NODE_W} height={NODE_H} rx={s.kind === 'start' ? NODE_H / 2 : 8} fill="#fff" stroke={stroke}
                strokeWidth={isBad || selected === s.code || mark ? 3 : 1.5} strokeDasharray={s.optional ? '6 3' : undefined} />
              {s.kind === 'terminal' && <rect x={4} y={4} width={NODE_W - 8} height={NODE_H - 8} rx={6} fill="none" stroke={stroke} />}
              <rect x={rtl ? NODE_W - 6 : 0} width={6} height={NODE_H} rx={3} fill={s.colour ?? '#d9d9d9'} />
              <text x={NODE_W / 2} y={22} textAnchor="middle" fontSize={13} fontWeight={600} fill={isBad ? ERROR : '#262626'}>
                {name.length > 20 ? `${name.slice(0, 19)}…` : name}
              </text>
              <text x={NODE_W / 2} y={39} textAnchor="middle" fontSize={10} fill="#8c8c8c" direction="ltr">
                {s.code}{s.sla_minutes ? ` · ${s.sla_minutes}m` : ''}
              </text>
              {isBad && <text x={rtl ? 10 : NODE_W - 10} y={14} textAnchor="middle" fontSize={13} fill={ERROR} fontWeight={700}>!</text>}
            </g>
          );
        })}
      </svg>
      </div>
    </div>
  );
}
