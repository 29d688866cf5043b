// The metric names a PromQL expression reads (for the ops/ shape test): identifiers that are not
// functions, keywords, label names, label values, durations or grouping labels.
const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'bool', 'offset', 'on', 'ignoring', 'group_left', 'group_right',
  'inf', 'nan', 'start', 'end']);

export function metricsIn(expr: string): Set<string> {
  const s = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')        // strings
    .replace(/\{[^}]*\}/g, ' ')                                         // label matchers
    .replace(/\[[^\]]*\]/g, ' ')                                        // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ') // grouping labels
    .replace(/\boffset\s+\S+/g, ' ');
  const out = new Set<string>();
  for (const m of s.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?/g)) {
    const [token, call] = [m[0].replace(/\s*\($/, ''), m[1]];
    if (call || KEYWORDS.has(token.toLowerCase())) continue;
    out.add(token);
  }
  return out;
}
