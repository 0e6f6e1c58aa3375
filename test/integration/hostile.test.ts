// Hostile strings in real pods (annotations, status and termination messages, event messages):
// rendered in tree tooltips, manifest hovers and anatomy snapshots; none executes, none is
// trusted, nothing is lost.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Node } from '../../src/views/tree/provider';
import { buildSnapshot } from '../../src/webview/snapshot';
import {
  AUTOLINKABLE,
  FORBIDDEN_IN_LABELS,
  OUR_LINK,
  hostileStrings,
  trustIsOurs,
  withoutOurLinks,
} from './hostileStrings';
import { ADMIN, api, apiCall, hasCluster, kubectl, useKubeconfig, waitFor } from './helpers';

const PODS = 50,
  PER_POD = 20;

function unescapedLinks(md: string): string[] {
  const out: string[] = [];
  const re = /(?<!\\)\]\(([^)]*)\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(md))) out.push(m[1]);
  return out;
}

describe('hostile strings (real pods)', function () {
  this.timeout(300_000);
  const payloads = hostileStrings(PODS * PER_POD);
  const summary = { inputs: 0, rendered: 0, executed: 0, trusted: 0, lost: 0 };

  before(async function () {
    if (!hasCluster()) this.skip();
    await useKubeconfig(ADMIN);
    try {
      kubectl('create', 'namespace', 'hostile');
    } catch {
      /* exists */
    }
    kubectl('delete', 'pods', '--all', '-n', 'hostile', '--grace-period=0', '--force', '--wait=true');
    kubectl('delete', 'events', '--all', '-n', 'hostile');
    for (let p = 0; p < PODS; p++) {
      const mine = payloads.slice(p * PER_POD, (p + 1) * PER_POD);
      const name = `hostile-${String(p).padStart(2, '0')}`;
      const annotations = Object.fromEntries(mine.map((x, i) => [`pod-xray.test/h${i}`, x]));
      kubectlIn(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace: 'hostile', annotations, labels: { 'pod-xray/scenario': 'hostile' } },
          spec: {
            nodeName: 'ghost-node',
            automountServiceAccountToken: false,
            containers: ['app', 'side', 'third'].map(n => ({ name: n, image: 'docker.io/local/busybox:test' })),
          },
        }),
        'create',
        '-f',
        '-',
      );
      const uid = kubectl('get', 'pod', name, '-n', 'hostile', '-o', 'jsonpath={.metadata.uid}');
      const term = (i: number, code: number) => ({
        exitCode: code,
        reason: 'Error',
        message: mine[i],
        startedAt: '2026-11-25T10:00:00Z',
        finishedAt: '2026-11-25T10:00:05Z',
        containerID: `containerd://${'ab'.repeat(32)}`,
      });
      const status = {
        phase: 'Running',
        message: mine[0],
        reason: 'Hostile',
        podIP: '10.244.9.9',
        podIPs: [{ ip: '10.244.9.9' }],
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 2,
            image: 'x',
            imageID: '',
            containerID: `containerd://${'cd'.repeat(32)}`,
            state: { waiting: { reason: 'CrashLoopBackOff', message: mine[1] } },
            lastState: { terminated: term(2, 137) },
          },
          {
            name: 'side',
            ready: false,
            restartCount: 1,
            image: 'x',
            imageID: '',
            state: { terminated: term(3, 1) },
            lastState: { terminated: term(4, 143) },
          },
          {
            name: 'third',
            ready: true,
            restartCount: 0,
            image: 'x',
            imageID: '',
            state: { running: { startedAt: '2026-11-25T10:00:00Z' } },
          },
        ],
      };
      await apiCall('PATCH', `/api/v1/namespaces/hostile/pods/${name}/status`, { status });
      for (const [i, reason] of [
        [5, 'FailedCreatePodSandBox'],
        [6, 'BackOff'],
      ] as [number, string][]) {
        kubectlIn(
          JSON.stringify({
            apiVersion: 'v1',
            kind: 'Event',
            metadata: { name: `${name}.${i}`, namespace: 'hostile' },
            involvedObject: { kind: 'Pod', name, namespace: 'hostile', uid },
            reason,
            message: mine[i],
            type: 'Warning',
            count: 1,
            firstTimestamp: '2026-11-25T10:00:00Z',
            lastTimestamp: '2026-11-25T10:00:00Z',
            source: { component: 'kubelet' },
          }),
          'create',
          '-f',
          '-',
        );
      }
    }
    summary.inputs = payloads.length;
  });

  it('every pod reaches the model with its strings intact (nothing lost)', async () => {
    const x = await api();
    const s = x.registry.session('pod-xray-local')!;
    s.start();
    s.ensureWatching('hostile');
    await waitFor('50 hostile pods', 60_000, () => s.store.podUids('hostile').length === PODS);
    for (const uid of s.store.podUids('hostile')) {
      const kept = s.store.pod(uid)!;
      const p = Number(/hostile-(\d+)/.exec(kept.metadata!.name!)![1]);
      const mine = payloads.slice(p * PER_POD, (p + 1) * PER_POD);
      // The store keeps a projection (no annotations): the whole pod is what the manifest reads.
      const pod = (await s.fullPod('hostile', kept.metadata!.name!, uid))!;
      const ann = pod.metadata!.annotations!;
      mine.forEach((x2, i) => {
        if (ann[`pod-xray.test/h${i}`] !== x2) summary.lost++;
      });
      const a = s.store.anatomy(uid)!;
      if (a.statusMessage !== mine[0]) summary.lost++;
      if (a.containers[0].lastTermination?.message !== mine[2]) summary.lost++;
    }
    await waitFor('events', 30_000, () => s.store.podUids('hostile').every(u => s.store.eventsOf(u).length >= 2));
    assert.strictEqual(summary.lost, 0);
  });

  it('tree rows: no control or bidi characters in labels; tooltips are untrusted, tag-free, with only docs links', async () => {
    const x = await api();
    const nsNode = x.tree.namespaceNode('pod-xray-local', 'hostile');
    const pods = await waitFor('rows', 30_000, () => {
      const k = x.tree.getChildren(nsNode).filter(n => n.type === 'pod');
      return k.length === PODS ? k : undefined;
    });
    const all: Node[] = [];
    for (const p of pods) {
      all.push(p);
      for (const c of x.tree.getChildren(p)) {
        all.push(c);
        all.push(...x.tree.getChildren(c));
      }
    }
    let cut = 0;
    for (const n of all) {
      const item = x.tree.resolveTreeItem(x.tree.getTreeItem(n), n);
      const label = String(typeof item.label === 'object' ? item.label?.label : (item.label ?? ''));
      assert.ok(
        !FORBIDDEN_IN_LABELS.test(label) && !FORBIDDEN_IN_LABELS.test(String(item.description ?? '')),
        `clean label: ${JSON.stringify(item.description)}`,
      );
      assert.ok(String(item.description ?? '').length <= 400, 'description bounded');
      const md = item.tooltip as vscode.MarkdownString | undefined;
      if (!md) continue;
      summary.rendered++;
      if (!trustIsOurs(md.isTrusted) || md.supportHtml) summary.trusted++;
      assert.ok(!md.value.includes('<'), `no raw tag in tooltip: ${md.value.slice(0, 200)}`);
      for (const link of unescapedLinks(md.value)) assert.match(link, OUR_LINK, `only our links: ${link}`);
      const bare = AUTOLINKABLE.exec(withoutOurLinks(md.value));
      assert.ok(
        !bare,
        `a cluster URL would be autolinked: …${bare && md.value.slice(bare.index - 60, bare.index + 60)}`,
      );
      assert.ok(!/&nbsp;|\u00a0/.test(md.value), `no non-breaking spaces: ${md.value.slice(0, 200)}`);
      if (md.isTrusted) cut++;
    }
    assert.strictEqual(summary.trusted, 0);
    assert.ok(cut > 0, 'the 10,000-character strings were cut, with a link to the whole text');
  });

  it('a cut tooltip keeps its whole text reachable: the full-text document holds every character', async () => {
    const x = await api();
    const s = x.registry.session('pod-xray-local')!;
    let checked = 0;
    for (const uid of s.store.podUids('hostile')) {
      const a = s.store.anatomy(uid)!;
      const long = a.containers[0].lastTermination?.message ?? '';
      if (long.length < 5000) continue;
      const pod = x.tree.podNode('pod-xray-local', 'hostile', uid);
      const app = x.tree.getChildren(pod).find(n => n.type === 'container' && n.container === 'app')!;
      const md = x.tree.resolveTreeItem(x.tree.getTreeItem(app), app).tooltip as vscode.MarkdownString;
      const link = /\]\((command:podXray\.showFullText\?[^)]*)\)/.exec(md.value);
      assert.ok(link, 'the cut tooltip links to the whole text');
      assert.ok(md.value.length < long.length, 'the tooltip itself is cut for layout');
      assert.ok(x.tree.fullText(app.key).includes(long), 'the whole message, every character');
      const args = JSON.parse(decodeURIComponent(link[1].split('?')[1])) as string[];
      await vscode.commands.executeCommand('podXray.showFullText', ...args);
      const doc = await waitFor('full text editor', 10_000, () =>
        vscode.window.activeTextEditor?.document.uri.scheme === 'pod-xray-text'
          ? vscode.window.activeTextEditor.document
          : undefined,
      );
      assert.ok(doc.getText().includes(long));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      checked++;
    }
    assert.ok(checked > 0, 'a pod with a 10,000-character message');
  });

  it('anatomy snapshots carry the strings as data', async () => {
    const x = await api();
    const s = x.registry.session('pod-xray-local')!;
    for (const uid of s.store.podUids('hostile')) {
      const snap = buildSnapshot('pod-xray-local', s.store.anatomy(uid)!, s.store.history(uid), false);
      const back = JSON.parse(JSON.stringify(snap));
      assert.strictEqual(back.anatomy.statusMessage, s.store.anatomy(uid)!.statusMessage);
      summary.rendered++;
    }
  });

  it('live manifest hovers never echo cluster strings', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('podXray.openManifest', {
      namespace: 'hostile',
      name: 'hostile-00',
    });
    const doc = await waitFor('manifest', 20_000, async () => {
      const d = await vscode.workspace.openTextDocument(uri!);
      return /pod-xray\.test\/h0/.test(d.getText()) ? d : undefined;
    });
    const text = doc.getText();
    for (const needle of ['pod-xray.test/h0', 'pod-xray.test/h7', 'message:', 'reason: Hostile']) {
      const i = text.indexOf(needle);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        doc.positionAt(i + needle.length + 3),
      );
      const hv = hovers
        .flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
        .join('\n');
      assert.ok(!/__pxr|command:/.test(hv), `hover echoes payload: ${hv.slice(0, 200)}`);
      summary.rendered++;
    }
  });

  after(() => {
    console.log(
      `hostile strings: inputs tried ${summary.inputs}, rendered ${summary.rendered}, trusted ${summary.trusted}, executed ${summary.executed}, lost ${summary.lost}`,
    );
  });
});

function kubectlIn(input: string, ...args: string[]): string {
  return require('child_process').execFileSync(process.env.KUBECTL_BIN!, [`--kubeconfig=${ADMIN}`, ...args], {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
}
