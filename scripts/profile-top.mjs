#!/usr/bin/env node
// The functions a .cpuprofile spent its time in: self time and total (inclusive) time, top N.
// `node scripts/profile-top.mjs FILE [N]` (bench: BENCH_PROFILE=<dir> npm run bench).
import { readFileSync } from 'fs';

const [file, n = '40'] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map(x => [x.id, x]));
const parent = new Map();
for (const x of prof.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const hits = new Map();
const dts = prof.timeDeltas;
prof.samples.forEach((id, i) => hits.set(id, (hits.get(id) ?? 0) + (dts[i + 1] ?? 0)));
const label = x => {
  const f = x.callFrame;
  return `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
};
const self = new Map();
const total = new Map();
for (const [id, us] of hits) {
  const l = label(byId.get(id));
  self.set(l, (self.get(l) ?? 0) + us);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = label(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + us);
  }
}
const all = [...hits.values()].reduce((a, b) => a + b, 0);
const show = (title, m) => {
  console.log(`\n${title} (of ${(all / 1000).toFixed(0)} ms sampled)`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, +n))
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / all).toFixed(1).padStart(5)}%  ${k}`);
};
show('self', self);
show('total', total);
