import fs from 'node:fs';
import { diff, describeDiff } from './src/schema/diff.ts';
const w = process.argv[2];
const r = await diff(process.argv[3] ?? 'review', { workdir: w, scratchRoot: w + '/.scratch' });
console.log(describeDiff(r, w).join('\n'));
if (r.file) console.log(fs.readFileSync(r.file, 'utf8'));
