// Below antd's lg breakpoint Refine's sider becomes a drawer, opened by a button fixed just under
// the header over the page's top start corner (left in English, right in Arabic), where every
// page has its title. The page starts below that button instead of under it.
import { Grid } from 'antd';
import type { ReactNode } from 'react';

/** The menu button's height (40) less the content's own top padding, plus a small gap. */
const CLEARANCE = 36;

export function MenuButtonClearance({ children }: { children: ReactNode }) {
  const screens = Grid.useBreakpoint();
  // the same test as Refine's ThemedSider (isMobile)
  const drawer = screens.lg === false;
  return <div style={{ paddingTop: drawer ? CLEARANCE : 0 }}>{children}</div>;
}
