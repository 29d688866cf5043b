// The drift check: the schema files and the migrations must describe the same database. One test
// per area (structure, privileges, comments, reference data, queues and schedules).
import { type SidesOptions, compareAll, withSides } from './compare.ts';
import { AREAS, type Area, type Finding } from './finding.ts';

export interface DriftReport { byArea: Map<Area, Finding[]>; lines: string[] }

export function driftReport(findings: Finding[]): DriftReport {
  const byArea = new Map<Area, Finding[]>(AREAS.map((a) => [a, findings.filter((f) => f.area === a && f.what)]));
  const lines: string[] = [];
  for (const [area, list] of byArea) {
    lines.push(`${list.length ? 'not ok' : 'ok'} ${area}${list.length ? `: ${list.length} difference(s) between the migrations and the schema files` : ''}`);
    for (const f of list) lines.push(`    - ${f.what}`);
  }
  if (findings.some((f) => f.what)) {
    lines.push('  fix: make the schema files describe the wanted state, then `npx devstack diff <name>` writes the migration');
  }
  return { byArea, lines };
}

export const driftCheck = (opts: SidesOptions) => withSides(opts, compareAll).then(driftReport);

/**
 * The `schema` layer of `npm test`: one test per area; the project has no schema files yet: nothing
 * to check. Its own two clusters, beside the test cluster.
 */
export async function driftLayer(opts: SidesOptions & { hasSchemaFiles: boolean }): Promise<{ passed: number; failed: number; note?: string }> {
  if (!opts.hasSchemaFiles) return { passed: 0, failed: 0, note: 'no test files' };
  const report = await driftCheck(opts);
  for (const line of report.lines) console.log(`  ${line}`);
  const failed = [...report.byArea.values()].filter((list) => list.length).length;
  return { passed: report.byArea.size - failed, failed };
}
