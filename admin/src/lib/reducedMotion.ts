// Honour the system's "reduce motion" setting (WCAG 2.3.3): antd's zoom, slide and fade animations
// are turned off when the user (or the e2e browser) asks for reduced motion.
import { useEffect, useState } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

export function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(QUERY).matches;
}

/** The antd theme token for motion: off when reduced motion is asked for. */
export function motionToken(reduced: boolean): { motion: boolean } {
  return { motion: !reduced };
}

export function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(prefersReducedMotion);
  useEffect(() => {
    if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return;
    const list = window.matchMedia(QUERY);
    const changed = () => setReduced(list.matches);
    list.addEventListener('change', changed);
    return () => list.removeEventListener('change', changed);
  }, []);
  return reduced;
}
