// A table value on one line: cut with an ellipsis at `width` (or the cell's width, if narrower), the full value on hover (and for
// screen readers), so a long name never wraps and pushes the other columns away.
import { Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { textDirection } from '../lib/format';

export function Ellipsis({ text, width = 240, code, dir, children, style }: {
  text: string | null | undefined; width?: number | string; code?: boolean; dir?: 'ltr' | 'rtl'; children?: ReactNode; style?: CSSProperties;
}) {
  if (!text) return <Typography.Text type="secondary">—</Typography.Text>;
  // The text's own direction (given, or by its first letter): a Latin value in the Arabic layout is
  // cut at its end, on the right, not at its beginning.
  const direction = dir ?? textDirection(text) ?? undefined;
  return (
    // `code` as a monospace look on the same element: antd's <code> child would not be cut
    <Typography.Text dir={direction} ellipsis={{ tooltip: text }} aria-label={text}
      style={{ maxWidth: `min(${typeof width === 'number' ? `${width}px` : width}, 100%)`, display: 'inline-block', verticalAlign: 'middle',
        ...(direction ? { direction, unicodeBidi: 'isolate' as const } : {}),
        ...(code ? { fontFamily: 'SFMono-Regular, Consolas, monospace', fontSize: '0.9em', background: 'rgba(150,150,150,0.1)',
          border: '1px solid rgba(100,100,100,0.2)', borderRadius: 3, padding: '0 4px' } : {}), ...style }}>
      {children ?? text}
    </Typography.Text>
  );
}
