// The Prefer header (return, count, resolution, missing, tx, handling, max-affected).

export interface Prefer { return?: string; count?: string; resolution?: string; missing?: string; tx?: string; handling?: string; maxAffected?: number }

const NO_PREFERENCES: Readonly<Prefer> = Object.freeze({});

export function parsePrefer(header: string | string[] | undefined): Prefer {
  // Most requests send none: share one empty object instead of parsing an empty string.
  if (header === undefined || header === '') return NO_PREFERENCES;
  const prefer: Prefer = {};
  const text = Array.isArray(header) ? header.join(',') : header;
  for (const part of text.split(',')) {
    const [k, v] = part.trim().split('=').map((s) => s?.trim());
    if (!k || v === undefined) continue;
    if (k === 'max-affected') { if (/^\d+$/.test(v)) prefer.maxAffected = Number(v); continue; }
    if (k === 'return' || k === 'count' || k === 'resolution' || k === 'missing' || k === 'tx' || k === 'handling') prefer[k] = v;
  }
  return prefer;
}
