// Hovers through VS Code's own hover pipeline (executeHoverProvider), on manifests of every kind.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { FIELD_PATHS, REASON_NAMES, explainExit, explainField, explainReason } from '../../src/model/explain/catalog';
import { MODERN_FIELDS } from '../../src/model/explain/modern';
import { ADMIN, api, hasCluster, useKubeconfig, waitFor } from './helpers';

const dir = path.resolve(__dirname, '../../../test/fixtures/manifests');

async function hoverText(uri: vscode.Uri, text: string, needle: string, n = 0, delta = 1): Promise<string> {
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not in document`);
  const doc = await vscode.workspace.openTextDocument(uri);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    uri,
    doc.positionAt(i + delta),
  );
  const raw = hovers
    .flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
    .join('\n');
  // Non-breaking spaces made every hover break words in the middle ("itse/lf").
  assert.ok(!/&nbsp;|\u00a0/.test(raw), `a hover with non-breaking spaces: ${raw.slice(0, 120)}`);
  return raw.replace(/\\(.)/g, '$1');
}

describe('manifest hovers in the real editor', function () {
  this.timeout(60_000);
  before(async () => {
    await api();
  });
  const open = async (f: string) => {
    const uri = vscode.Uri.file(path.join(dir, f));
    const doc = await vscode.workspace.openTextDocument(uri);
    return { uri, text: doc.getText() };
  };

  it('every pod spec field explained in the catalog hovers with its summary and docs link', async () => {
    const { uri, text } = await open('pod.yaml');
    const needles: Record<string, [string, number?]> = {
      'spec.containers': ['containers:'],
      'spec.initContainers': ['initContainers'],
      'spec.initContainers.restartPolicy': ['restartPolicy: Always', 1],
      'spec.ephemeralContainers': ['ephemeralContainers'],
      'spec.restartPolicy': ['restartPolicy: Always'],
      'spec.shareProcessNamespace': ['shareProcessNamespace'],
      'spec.hostNetwork': ['hostNetwork'],
      'spec.hostPID': ['hostPID'],
      'spec.hostIPC': ['hostIPC'],
      'spec.dnsPolicy': ['dnsPolicy'],
      'spec.containers.ports': ['ports:'],
      'spec.containers.ports.hostPort': ['hostPort'],
      'spec.volumes': ['volumes:'],
      'spec.containers.volumeMounts': ['volumeMounts'],
      'spec.runtimeClassName': ['runtimeClassName'],
      'spec.terminationGracePeriodSeconds': ['terminationGracePeriodSeconds'],
      'spec.containers.livenessProbe': ['livenessProbe'],
      'spec.containers.readinessProbe': ['readinessProbe'],
      'spec.containers.startupProbe': ['startupProbe'],
      'spec.containers.resources': ['resources'],
      'spec.containers.image': ['image: busybox', 2],
      'spec.containers.imagePullPolicy': ['imagePullPolicy'],
    };
    for (const [field, [needle, n]] of Object.entries(needles)) {
      const t = await hoverText(uri, text, needle, n ?? 0);
      const e = explainField(field)!;
      assert.ok(t.includes(e.summary), `${field}: ${t.slice(0, 200)}`);
      assert.ok(t.includes(e.docs), `${field} links ${e.docs}`);
    }
  });

  it('status fields, every reason and the listed exit codes hover in a pod with status', async () => {
    const { uri, text } = await open('pod-status.yaml');
    for (const f of FIELD_PATHS.filter(
      p =>
        p.startsWith('status.') &&
        !(p in MODERN_FIELDS) &&
        p !== 'status.hostIP' &&
        p !== 'status.phase' &&
        p !== 'status.containerStatuses.ready' &&
        p !== 'status.containerStatuses.started',
    )) {
      const key =
        f === 'status.conditions.PodReadyToStartContainers' ? 'PodReadyToStartContainers' : `${f.split('.').pop()}:`;
      const t = await hoverText(uri, text, key, 0, 2);
      assert.ok(t.includes(explainField(f)!.summary), `${f}: ${t.slice(0, 160)}`);
    }
    for (const f of ['status.phase', 'status.containerStatuses.ready', 'status.containerStatuses.started']) {
      assert.ok((await hoverText(uri, text, `${f.split('.').pop()}:`, 0, 2)).includes(explainField(f)!.summary), f);
    }
    for (const r of REASON_NAMES)
      assert.ok((await hoverText(uri, text, `reason: ${r}`, 0, 9)).includes(explainReason(r)!.summary), r);
    for (const code of [0, 1, 2, 126, 127, 130, 137, 139, 143]) {
      const t = await hoverText(uri, text, `exitCode: ${code},`, 0, 11);
      assert.ok(t.includes(explainExit(code).summary), `exit ${code}: ${t.slice(0, 120)}`);
    }
  });

  it('every field of the newer pod anatomy (1.25-1.37) hovers with its summary, version and docs link', async () => {
    const { uri, text } = await open('pod-modern.yaml');
    // Same places as the unit test test/unit/manifestModern.test.ts.
    const needles: Record<string, [string, number?, number?]> = {
      'spec.hostUsers': ['hostUsers'],
      'spec.containers.restartPolicyRules': ['restartPolicyRules'],
      'spec.containers.resizePolicy': ['resizePolicy'],
      'spec.containers.lifecycle.stopSignal': ['stopSignal: SIGUSR1'],
      'spec.containers.lifecycle.preStop.sleep': ['sleep: {seconds: 5}'],
      'spec.containers.volumeMounts.recursiveReadOnly': ['recursiveReadOnly: IfPossible'],
      'spec.resources': ['resources:'],
      'status.observedGeneration': ['observedGeneration'],
      'status.conditions.PodResizePending': ['PodResizePending', 0, 2],
      'status.conditions.AllContainersRestarting': ['AllContainersRestarting', 0, 2],
      'status.containerStatuses.allocatedResources': ['allocatedResources'],
    };
    for (const [field, [needle, n, delta]] of Object.entries(needles)) {
      const t = await hoverText(uri, text, needle, n ?? 0, delta ?? 1);
      const e = explainField(field)!;
      assert.ok(t.includes(e.summary), `${field}: ${t.slice(0, 200)}`);
      assert.ok(t.includes(e.docs), `${field} links ${e.docs}`);
      assert.match(t, /Needs Kubernetes 1\.\d+/, field);
    }
  });

  it('pod templates of Deployment, StatefulSet, DaemonSet, ReplicaSet, Job and CronJob; not ConfigMaps', async () => {
    const { uri, text } = await open('workloads.yaml');
    assert.match(await hoverText(uri, text, 'restartPolicy: &policy'), /sandbox is not|never the sandbox/i);
    assert.match(await hoverText(uri, text, 'terminationGracePeriodSeconds: 60'), /SIGTERM/);
    assert.match(await hoverText(uri, text, 'hostNetwork: true', 0, 14), /node's IP/);
    assert.match(await hoverText(uri, text, 'dnsPolicy: Default'), /resolv\.conf/);
    assert.match(await hoverText(uri, text, 'restartPolicy: OnFailure', 0, 16), /only a non-zero exit/);
    assert.match(await hoverText(uri, text, '*policy'), /only a non-zero exit/);
    assert.strictEqual(await hoverText(uri, text, 'data: {restartPolicy', 0, 8), '');
  });

  it('hostNetwork: true says the sandbox holds no IP and the pod IP is the node IP, with a docs link', async () => {
    const { uri, text } = await open('host-network.yaml');
    const t = await hoverText(uri, text, 'true');
    assert.match(t, /holds no IP of its own/);
    assert.match(t, /node's IP/);
    assert.match(t, /\(https:\/\/kubernetes\.io\/docs\/[^)]+\)$/m);
  });

  it('the live manifest of a real pod hovers too (its exit code, its reason)', async function () {
    if (!hasCluster()) this.skip();
    await useKubeconfig(ADMIN);
    // batch-done has finished (exit 0, Completed): its manifest no longer changes under the cursor.
    const uri = await vscode.commands.executeCommand<vscode.Uri>('podXray.openManifest', {
      namespace: 'demo',
      name: 'batch-done',
    });
    const doc = await waitFor('manifest', 20_000, async () => {
      const d = await vscode.workspace.openTextDocument(uri!);
      return /exitCode: 0/.test(d.getText()) ? d : undefined;
    });
    const t = await hoverText(uri!, doc.getText(), 'restartCount', 0, 2);
    assert.ok(t.includes(explainField('status.containerStatuses.restartCount')!.summary));
    assert.ok((await hoverText(uri!, doc.getText(), 'exitCode: 0', 0, 10)).includes(explainExit(0).summary));
    assert.ok(
      (await hoverText(uri!, doc.getText(), 'reason: Completed', 0, 10)).includes(explainReason('Completed')!.summary),
    );
  });
});
