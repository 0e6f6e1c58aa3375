import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { explainManifestAt } from '../../src/model/explain/manifest';
import { FIELD_PATHS, REASON_NAMES } from '../../src/model/explain/catalog';
import { FIXTURES } from './replay';

const read = (f: string) => fs.readFileSync(path.join(FIXTURES, 'manifests', f), 'utf8');
/** Offset of the n-th occurrence of `needle`, plus `delta` characters into it. */
function at(text: string, needle: string, n = 0, delta = 1): number {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`no ${needle} #${n}`);
  }
  return i + delta;
}
const ids = (text: string, needle: string, n = 0, delta = 1) =>
  explainManifestAt(text, at(text, needle, n, delta))?.explanations.map(e => e.id);

describe('manifest hovers (YAML path -> catalog)', () => {
  const pod = read('pod.yaml');
  it('every pod spec field in the fixture resolves to its entry', () => {
    const cases: [string, string, number?][] = [
      ['restartPolicy: Always', 'field:spec.restartPolicy'],
      ['shareProcessNamespace', 'field:spec.shareProcessNamespace'],
      ['hostNetwork', 'field:spec.hostNetwork'],
      ['hostPID', 'field:spec.hostPID'],
      ['hostIPC', 'field:spec.hostIPC'],
      ['dnsPolicy', 'field:spec.dnsPolicy'],
      ['runtimeClassName', 'field:spec.runtimeClassName'],
      ['terminationGracePeriodSeconds', 'field:spec.terminationGracePeriodSeconds'],
      ['initContainers', 'field:spec.initContainers'],
      ['containers:', 'field:spec.containers'],
      ['ephemeralContainers', 'field:spec.ephemeralContainers'],
      ['ports:', 'field:spec.containers.ports'],
      ['hostPort', 'field:spec.containers.ports.hostPort'],
      ['volumeMounts', 'field:spec.containers.volumeMounts'],
      ['livenessProbe', 'field:spec.containers.livenessProbe'],
      ['readinessProbe', 'field:spec.containers.readinessProbe'],
      ['startupProbe', 'field:spec.containers.startupProbe'],
      ['resources', 'field:spec.containers.resources'],
      ['memory: 64Mi', 'field:spec.containers.resources'],
      ['imagePullPolicy', 'field:spec.containers.imagePullPolicy'],
      ['volumes:', 'field:spec.volumes'],
    ];
    for (const [needle, id, n] of cases) assert.deepStrictEqual(ids(pod, needle, n ?? 0), [id], needle);
  });
  it('restartPolicy: Always on an init container is a sidecar', () => {
    assert.deepStrictEqual(ids(pod, 'restartPolicy: Always', 1), ['field:spec.initContainers.restartPolicy']);
  });
  it('values get a note: restartPolicy Always, hostNetwork true', () => {
    const h = explainManifestAt(pod, at(pod, 'Always', 0, 2))!;
    assert.match(h.valueNote!, /every exit/);
    const host = read('host-network.yaml');
    const hn = explainManifestAt(host, at(host, 'true', 0, 1))!;
    assert.strictEqual(hn.explanations[0].id, 'field:spec.hostNetwork');
    assert.match(hn.valueNote!, /node's IP/);
    assert.match(hn.explanations[0].sandbox, /holds no IP of its own/);
  });
  it('pod templates in every workload kind, multi-document, flow style, anchors and aliases', () => {
    const w = read('workloads.yaml');
    assert.deepStrictEqual(ids(w, 'restartPolicy: &policy'), ['field:spec.restartPolicy'], 'Deployment');
    assert.deepStrictEqual(ids(w, 'containerPort: 80'), ['field:spec.containers.ports'], 'flow style');
    assert.deepStrictEqual(
      ids(w, 'terminationGracePeriodSeconds: 60'),
      ['field:spec.terminationGracePeriodSeconds'],
      'StatefulSet',
    );
    assert.deepStrictEqual(ids(w, 'hostNetwork: true'), ['field:spec.hostNetwork'], 'DaemonSet');
    assert.deepStrictEqual(ids(w, 'dnsPolicy: Default'), ['field:spec.dnsPolicy'], 'ReplicaSet');
    assert.deepStrictEqual(ids(w, 'restartPolicy: OnFailure'), ['field:spec.restartPolicy'], 'Job');
    const cron = explainManifestAt(w, at(w, '*policy', 0, 1))!;
    assert.deepStrictEqual(
      cron.explanations.map(e => e.id),
      ['field:spec.restartPolicy'],
      'CronJob alias',
    );
    assert.match(cron.valueNote!, /only a non-zero exit/, 'the alias resolves to its anchor (OnFailure)');
    assert.strictEqual(
      explainManifestAt(w, at(w, 'restartPolicy: Always', 0)),
      undefined,
      'ConfigMap data is not a pod',
    );
    assert.strictEqual(explainManifestAt(w, at(w, '# anchored', 0, 3)), undefined, 'comments explain nothing');
    assert.strictEqual(explainManifestAt(w, at(w, 'schedule')), undefined, 'CronJob schedule is not a pod field');
  });
  it('status of a live pod: reasons, exit codes, conditions and status fields', () => {
    const s = read('pod-status.yaml');
    for (const r of REASON_NAMES.filter(x => x !== 'Error' || true)) {
      const i = s.indexOf(`reason: ${r}`);
      if (i < 0) continue;
      assert.deepStrictEqual(
        explainManifestAt(s, i + 9)?.explanations.map(e => e.id),
        [`reason:${r}`],
        r,
      );
    }
    for (const code of [137, 1, 143, 127, 0, 2, 126, 130, 139]) {
      const h = explainManifestAt(s, at(s, `exitCode: ${code},`, 0, 11));
      assert.deepStrictEqual(
        h?.explanations.map(e => e.id),
        [`exit:${code}`],
        String(code),
      );
    }
    assert.deepStrictEqual(ids(s, 'PodReadyToStartContainers', 0, 2), [
      'field:status.conditions.PodReadyToStartContainers',
    ]);
    assert.deepStrictEqual(ids(s, 'podIP:'), ['field:status.podIP']);
    assert.deepStrictEqual(ids(s, 'podIPs'), ['field:status.podIPs']);
    assert.deepStrictEqual(ids(s, 'restartCount: 3'), ['field:status.containerStatuses.restartCount']);
    assert.deepStrictEqual(ids(s, 'containerID'), ['field:status.containerStatuses.containerID']);
    assert.deepStrictEqual(ids(s, 'lastState'), ['field:status.containerStatuses.lastState']);
    assert.deepStrictEqual(ids(s, 'state:'), ['field:status.containerStatuses.state']);
    assert.deepStrictEqual(ids(s, 'containerStatuses'), ['field:status.containerStatuses']);
    assert.deepStrictEqual(ids(s, 'conditions'), ['field:status.conditions']);
  });
  it('every reason in the catalog appears in the status fixture, and every field path is covered somewhere', () => {
    const s = read('pod-status.yaml');
    for (const r of REASON_NAMES) assert.ok(s.includes(`reason: ${r}`), `fixture has ${r}`);
    const all = [read('pod.yaml'), read('pod-status.yaml'), read('pod-modern.yaml')].join('\n');
    for (const f of FIELD_PATHS)
      assert.ok(
        all.includes(f.split('.').pop()!.replace('PodReadyToStartContainers', 'PodReadyToStartContainers')),
        `fixture mentions ${f}`,
      );
  });
  it('broken YAML and huge input do not throw', () => {
    assert.strictEqual(explainManifestAt('kind: Pod\nspec: [unclosed', 12), undefined);
    assert.strictEqual(explainManifestAt('', 0), undefined);
    const deep =
      'kind: Pod\nspec:\n' + Array.from({ length: 200 }, (_, i) => `${' '.repeat(2 * (i + 1))}a${i}:`).join('\n');
    assert.doesNotThrow(() => explainManifestAt(deep, deep.length - 2));
  });
});
