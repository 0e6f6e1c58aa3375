// History outlives sessions (issue 15, item 4) and the instance limit reaches running stores (item 15).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterRegistry } from '../../src/cluster/registry';
import { instancesOf } from '../../src/model/history';
import { KPod, uidOf } from '../../src/model/k8s';
import { readRecording } from './replay';

const kubeconfig = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pxr-hist-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: local
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: local, context: {cluster: c, user: u, namespace: demo}}]
`,
  );
  return file;
};
const crashyPods = () =>
  readRecording('demo-crashy')
    .filter(r => r.kind === 'Pod' && r.type !== 'DELETED')
    .map(r => r.object as KPod);

describe('history across session recreation', () => {
  it('two reloads (Refresh, setting change) keep every instance seen, and the new session shows them', () => {
    const file = kubeconfig();
    const reg = new ClusterRegistry();
    reg.reload(file);
    const pods = crashyPods();
    const uid = uidOf(pods[0]);
    for (const p of pods) reg.session('local')!.store.upsertPod(p);
    const seen = instancesOf(reg.session('local')!.store.history(uid), 'app').map(i => i.containerId);
    assert.ok(seen.length >= 3, `${seen.length} instances recorded`);
    for (let i = 0; i < 2; i++) {
      reg.reload(file);
      // A new session lists the pod again: only its latest state is in the list.
      reg.session('local')!.store.syncPods('demo', [pods[pods.length - 1]]);
    }
    const after = instancesOf(reg.session('local')!.store.history(uid), 'app').map(i => i.containerId);
    assert.deepStrictEqual(after, seen);
    reg.dispose();
  });

  it('a historyLimit change reaches a running store at once', () => {
    const file = kubeconfig();
    const reg = new ClusterRegistry();
    reg.reload(file);
    const store = reg.session('local')!.store;
    reg.historyLimit = 2;
    const pods = crashyPods();
    for (const p of pods) store.upsertPod(p);
    const h = store.history(uidOf(pods[0]))!;
    assert.ok(h.instances.length <= 2, `${h.instances.length} instances kept, limit 2`);
    reg.dispose();
  });
});

describe('history loaded after the pods were listed', () => {
  it('the store announces the pods whose history arrived, so the tree and panels redraw', () => {
    const reg = new ClusterRegistry();
    reg.reload(kubeconfig());
    const store = reg.session('local')!.store;
    const pods = crashyPods();
    const last = pods[pods.length - 1];
    store.syncPods('demo', [last]);
    const changed: string[] = [];
    store.onChange(c => c.kind === 'pod' && changed.push(c.uid));
    const full = new ClusterRegistry();
    full.reload(kubeconfig());
    for (const p of pods) full.session('local')!.store.upsertPod(p);
    reg.history(reg.contexts[0]).adopt(full.session('local')!.store.book.all());
    assert.deepStrictEqual(changed, [uidOf(last)]);
    assert.ok(instancesOf(store.history(uidOf(last)), 'app').length >= 3);
    reg.dispose();
    full.dispose();
  });
});
