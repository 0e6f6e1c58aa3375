// YAML hovers for the fields of the newer pod anatomy (Kubernetes 1.25-1.37): each resolves to
// its catalog entry, which names the Kubernetes version it needs and links its docs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { explainManifestAt } from '../../src/model/explain/manifest';
import { explainField } from '../../src/model/explain/catalog';
import { MODERN_FIELDS, NEEDS_PREFIX } from '../../src/model/explain/modern';
import { FIXTURES } from './replay';

const text = fs.readFileSync(path.join(FIXTURES, 'manifests', 'pod-modern.yaml'), 'utf8');
function at(needle: string, n = 0, delta = 1): number {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`no ${needle} #${n}`);
  }
  return i + delta;
}
const hover = (needle: string, n = 0, delta = 1) => explainManifestAt(text, at(needle, n, delta));
const ids = (needle: string, n = 0, delta = 1) => hover(needle, n, delta)?.explanations.map(e => e.id);

/** Where each new field sits in pod-modern.yaml: [needle, occurrence, offset into it]. */
export const MODERN_NEEDLES: Record<string, [string, number?, number?]> = {
  'spec.hostUsers': ['hostUsers'],
  'spec.resources': ['resources:'],
  'spec.containers.restartPolicy': ['restartPolicy: Never'],
  'spec.containers.restartPolicyRules': ['restartPolicyRules'],
  'spec.containers.resizePolicy': ['resizePolicy'],
  'spec.containers.lifecycle.stopSignal': ['stopSignal: SIGUSR1'],
  'spec.containers.lifecycle.preStop.sleep': ['sleep: {seconds: 5}'],
  'spec.containers.lifecycle.postStart.sleep': ['sleep: {seconds: 1}'],
  'spec.containers.volumeMounts.recursiveReadOnly': ['recursiveReadOnly: IfPossible'],
  'status.observedGeneration': ['observedGeneration'],
  'status.hostIPs': ['hostIPs'],
  'status.conditions.PodResizePending': ['PodResizePending', 0, 2],
  'status.conditions.PodResizeInProgress': ['PodResizeInProgress', 0, 2],
  'status.conditions.AllContainersRestarting': ['AllContainersRestarting', 0, 2],
  'status.conditions.PodRestartInPlace': ['PodRestartInPlace', 0, 2],
  'status.resources': ['resources:', 1],
  'status.containerStatuses.allocatedResources': ['allocatedResources'],
  'status.containerStatuses.resources': ['resources:', 2],
  'status.containerStatuses.user': ['user:'],
  'status.containerStatuses.volumeMounts': ['volumeMounts:', 1],
  'status.containerStatuses.stopSignal': ['stopSignal: SIGUSR1', 1],
};

describe('manifest hovers: the newer pod anatomy (1.25-1.37)', () => {
  it('every new field hovers with its own catalog entry', () => {
    for (const [field, [needle, n, delta]] of Object.entries(MODERN_NEEDLES))
      assert.deepStrictEqual(ids(needle, n ?? 0, delta ?? 1), [`field:${field}`], field);
  });
  it('the list above covers every new field of the catalog', () => {
    assert.deepStrictEqual(Object.keys(MODERN_NEEDLES).sort(), Object.keys(MODERN_FIELDS).sort());
  });
  it('each new entry says which Kubernetes version it needs and links the docs', () => {
    for (const f of Object.keys(MODERN_FIELDS)) {
      const e = explainField(f)!;
      assert.match(e.detail, new RegExp(`${NEEDS_PREFIX} 1\\.\\d+`), f);
      assert.match(e.docs, /^https:\/\/kubernetes\.io\/docs\//, f);
    }
  });
  it('nested values explain their field: rule exit codes, sleep seconds', () => {
    assert.deepStrictEqual(ids('values: [42]', 0, 10), ['field:spec.containers.restartPolicyRules']);
    assert.deepStrictEqual(ids('seconds: 5', 0, 10), ['field:spec.containers.lifecycle.preStop.sleep']);
    assert.deepStrictEqual(ids('limits: {cpu: 500m'), ['field:spec.resources']);
  });
  it("a container's own restartPolicy is explained for the container, not the pod", () => {
    const h = hover('restartPolicy: Never', 0, 16)!;
    assert.deepStrictEqual(
      h.explanations.map(e => e.id),
      ['field:spec.containers.restartPolicy'],
    );
    assert.match(h.valueNote!, /this container stays terminated.*restartPolicyRules/);
    assert.doesNotMatch(h.valueNote!, /the pod ends/);
  });
  it('value notes: hostUsers false, resizePolicy RestartContainer', () => {
    assert.match(hover('hostUsers: false', 0, 12)!.valueNote!, /own user namespace/);
    const r = hover('restartPolicy: RestartContainer', 0, 16)!;
    assert.deepStrictEqual(
      r.explanations.map(e => e.id),
      ['field:spec.containers.resizePolicy'],
    );
    assert.match(r.valueNote!, /restarts the container/);
  });
  it('the in-place restart reason hovers with its entry', () => {
    assert.deepStrictEqual(ids('reason: RestartingAllContainers', 0, 9), ['reason:RestartingAllContainers']);
  });
});
