// A strict reader of the Prometheus text exposition format (version 0.0.4): what a scraper would
// accept. Used by the tests to prove prometheus_metrics() output parses, and to list metric names.
export interface Sample { name: string; labels: Record<string, string>; value: number }
export interface Family { name: string; type: string; help: string; samples: Sample[] }

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** The family a sample belongs to (histogram/summary samples carry _bucket, _sum, _count). */
function familyOf(sample: string, families: Map<string, Family>): Family | undefined {
  if (families.has(sample)) return families.get(sample);
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (sample.endsWith(suffix)) {
      const f = families.get(sample.slice(0, -suffix.length));
      if (f && (f.type === 'histogram' || f.type === 'summary')) return f;
    }
  }
  return undefined;
}

function parseLabels(text: string, line: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`line ${line}: label without =`);
    const key = text.slice(i, eq).trim();
    if (!LABEL.test(key)) throw new Error(`line ${line}: bad label name ${JSON.stringify(key)}`);
    if (text[eq + 1] !== '"') throw new Error(`line ${line}: label value not quoted`);
    let j = eq + 2;
    let value = '';
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\') {
        const n = text[++j];
        if (n === 'n') value += '\n';
        else if (n === '\\' || n === '"') value += n;
        else throw new Error(`line ${line}: bad escape \\${n}`);
      } else value += text[j];
    }
    if (j >= text.length) throw new Error(`line ${line}: unterminated label value`);
    if (key in out) throw new Error(`line ${line}: label ${key} repeated`);
    out[key] = value;
    i = j + 1;
    if (text[i] === ',') i++;
    else if (i < text.length) throw new Error(`line ${line}: expected , between labels`);
  }
  return out;
}

function parseValue(s: string, line: number): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) throw new Error(`line ${line}: bad value ${JSON.stringify(s)}`);
  return Number(s);
}

/** Parses the text; throws on the first line a scraper would reject (naming the line). */
export function parseExposition(text: string): Family[] {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  text.split('\n').forEach((raw, idx) => {
    const line = idx + 1;
    if (raw.trim() === '') return;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(raw);
    if (meta) {
      const [, kind, name, rest = ''] = meta;
      if (!NAME.test(name)) throw new Error(`line ${line}: bad metric name ${name}`);
      const f = families.get(name) ?? { name, type: 'untyped', help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!TYPES.has(rest.trim())) throw new Error(`line ${line}: unknown type ${rest}`);
        if (f.samples.length) throw new Error(`line ${line}: TYPE after samples of ${name}`);
        f.type = rest.trim();
      } else f.help = rest;
      families.set(name, f);
      return;
    }
    if (raw.startsWith('#')) return; // a comment
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?\s*$/.exec(raw);
    if (!m) throw new Error(`line ${line}: not a sample: ${raw}`);
    const [, name, labelText, valueText] = m;
    const labels = labelText ? parseLabels(labelText, line) : {};
    const key = `${name}{${Object.entries(labels).sort().map(([k, v]) => `${k}=${v}`).join(',')}}`;
    if (seen.has(key)) throw new Error(`line ${line}: duplicate sample ${key}`);
    seen.add(key);
    const fam = familyOf(name, families);
    const sample = { name, labels, value: parseValue(valueText, line) };
    if (fam) fam.samples.push(sample);
    else families.set(name, { name, type: 'untyped', help: '', samples: [sample] });
  });
  return [...families.values()];
}

/** Every name a PromQL expression may use for the families: the family and its _bucket/_sum/_count. */
export function metricNames(families: Family[]): Set<string> {
  const out = new Set<string>();
  for (const f of families) {
    out.add(f.name);
    for (const s of f.samples) out.add(s.name);
    if (f.type === 'histogram' || f.type === 'summary') for (const x of ['_bucket', '_sum', '_count']) out.add(f.name + x);
  }
  return out;
}
