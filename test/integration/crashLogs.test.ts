// Crash logs for every instance (issue 19 §1) against the real kubelet: crashy's app ends every few
// seconds; each instance's logs are kept when its end is seen, tied to its own container ID (checked
// here by the `app start $(date)` line it printed, which must fall inside that instance's run), and
// Show Instance Logs opens exactly those lines under a header naming the instance.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ADMIN, api, freshPod, hasCluster, useKubeconfig, waitFor } from './helpers';

const CTX = 'pod-xray-local';

describe('crash logs for every instance (real cluster)', function () {
  this.timeout(420_000);
  before(async function () {
    if (!hasCluster()) this.skip();
    await useKubeconfig(ADMIN);
  });

  it("crashy's instances #1..#5: five kept logs, each its own instance's, opened by Show Instance Logs", async () => {
    const x = await api();
    const uid = freshPod('crashy');
    const s = await waitFor('crashy watched', 30_000, () => {
      const s = x.registry.session(CTX);
      s?.start();
      s?.ensureWatching('demo');
      return s?.store.pod(uid) ? s : undefined;
    });
    /** app's ended instances (by the model's history) whose logs are kept. */
    const keptIds = () =>
      (s.store.history(uid)?.instances ?? [])
        .filter(i => i.container === 'app' && i.containerId && i.finishedAt)
        .filter(i => x.crashLogs.state(s, i.containerId).kept?.outcome === 'kept');
    // Back-off doubles from 10 s: five ends take about three minutes.
    const ended = await waitFor('five ended app instances with kept logs', 330_000, () => {
      const k = keptIds().filter(i => i.ordinal <= 5);
      return k.length >= 5 ? k : undefined;
    });
    assert.deepStrictEqual(
      ended.map(i => i.ordinal).sort((a, b) => a - b),
      [1, 2, 3, 4, 5],
      'instances #1..#5 of the fresh pod',
    );

    const seen = new Set<string>();
    for (const i of ended) {
      const k = (await x.crashLogs.read(s, i.containerId!))!;
      assert.strictEqual(k.target.containerId, i.containerId);
      assert.strictEqual(k.target.ordinal, i.ordinal, `instance number of ${i.containerId}`);
      assert.strictEqual(k.attribution, 'timestamps');
      assert.match(k.text!, /^app start .*\napp giving up\n$/);
      // The date the instance printed lies inside its own run: these lines are no other instance's.
      const printed = Date.parse(/^app start (.*)$/m.exec(k.text!)![1]);
      assert.ok(
        printed >= Date.parse(i.startedAt!) - 1000 && printed <= Date.parse(i.finishedAt!) + 1000,
        `instance #${i.ordinal} printed ${new Date(printed).toISOString()}, ran ${i.startedAt}–${i.finishedAt}`,
      );
      seen.add(k.text!);

      const uri = (await vscode.commands.executeCommand('podXray.showInstanceLogs', {
        context: CTX,
        uid,
        container: 'app',
        ordinal: i.ordinal,
      })) as vscode.Uri;
      const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString())!;
      const text = doc.getText();
      assert.ok(
        text.startsWith(`# Kept logs of crashy/app: instance #${i.ordinal}, container ID ${i.containerId}, `),
        text.split('\n')[0],
      );
      assert.ok(text.includes(`${i.startedAt} – ${i.finishedAt}, exit 1 Error`), text.split('\n')[0]);
      assert.ok(text.endsWith(k.text!));
    }
    assert.strictEqual(seen.size, 5, 'five different instances, five different texts');
  });
});
