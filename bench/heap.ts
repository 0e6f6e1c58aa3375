// (e) Retained heap of Pod X-Ray's model for the bench namespace, against the JSON size.
// Run with --expose-gc. Prints one JSON line.
import * as fs from 'fs';
import * as https from 'https';
import { parse as parseYaml } from 'yaml';
import { loadKubeconfigs } from '../src/cluster/kubeconfig';
import { ClusterSession } from '../src/cluster/session';
import { podRow } from '../src/model/rows';
const BENCH_NS = process.env.POD_XRAY_BENCH_NS ?? 'bench-10000';
/** All Namespaces: one cluster-wide watch, against the JSON of GET /api/v1/pods. */
const ALL = process.env.POD_XRAY_BENCH_ALL === '1';

const gc = (globalThis as { gc?: () => void }).gc!;
const KUBECONFIG = process.env.POD_XRAY_ADMIN_KUBECONFIG!;
(async () => {
  const info = loadKubeconfigs([KUBECONFIG]).contexts[0];
  const token = (parseYaml(fs.readFileSync(KUBECONFIG, 'utf8')) as { users: { user: { token: string } }[] }).users[0]
    .user.token;
  const jsonBytes = await new Promise<number>((resolve, reject) =>
    https
      .get(
        new URL(ALL ? '/api/v1/pods' : `/api/v1/namespaces/${BENCH_NS}/pods`, info.server),
        { rejectUnauthorized: false, headers: { Authorization: `Bearer ${token}` } },
        res => {
          let n = 0;
          res.on('data', c => {
            n += c.length;
          });
          res.on('end', () => resolve(n));
          res.on('error', reject);
        },
      )
      .on('error', reject),
  );
  for (let i = 0; i < 3; i++) gc();
  const before = process.memoryUsage().heapUsed;
  const s = new ClusterSession(info, undefined, undefined, ALL);
  s.start();
  await s.whenSynced(BENCH_NS);
  await s.whenNamespacesKnown();
  let pods = 0;
  for (const ns of ALL ? (s.namespaces ?? []) : [BENCH_NS])
    for (const uid of s.store.podUids(ns)) {
      const a = s.store.summary(uid);
      if (a && podRow(a)) pods++;
    } // as the tree would
  s.stop(); // the watches stop; the store (what is measured) stays
  for (let i = 0; i < 3; i++) gc();
  await new Promise(r => setTimeout(r, 200));
  for (let i = 0; i < 3; i++) gc();
  const retainedBytes = process.memoryUsage().heapUsed - before;
  console.log(JSON.stringify({ retainedBytes, jsonBytes, pods, keep: s.store.podUids(BENCH_NS).length, all: ALL }));
  process.exit(0);
})().catch(e => {
  console.error(e);
  process.exit(1);
});
