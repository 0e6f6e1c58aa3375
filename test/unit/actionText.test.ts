// The text pod actions produce, built in the model: confirmations, outcomes, documents.
import * as assert from 'assert';
import {
  crashConfirmation,
  crashNoRestart,
  crashNotSent,
  crashRefusedWhy,
  crashRestarted,
  deleteConfirmation,
  eventsDocument,
  isNoPreviousInstance,
  logStreamEnded,
  manifestDocument,
  noPreviousInstance,
  plainL10n,
  processesDocument,
  readOnlyRefusal,
} from '../../src/model/actionText';
import { KEvent, KPod } from '../../src/model/k8s';
import { readRecording } from './replay';

const t = plainL10n;
const ID1 = 'containerd://0123456789abcdef0123';
const ID2 = 'containerd://fedcba98765432100123';

describe('action text (model)', () => {
  it('plainL10n fills {n} placeholders as vscode.l10n.t does and leaves unknown ones', () => {
    assert.strictEqual(t.t('{0} and {1} and {2}', 'a', 2), 'a and 2 and {2}');
  });

  it('read-only refusal names the setting and the action', () => {
    assert.strictEqual(
      readOnlyRefusal(t, 'Delete Pod'),
      'Pod X-Ray is read-only (setting podXray.readOnly): Delete Pod is disabled.',
    );
  });

  it('crash confirmation says the sandbox keeps the IP and what the button does', () => {
    const c = crashConfirmation(t, 'app', 'crashy', '10.1.0.7');
    assert.strictEqual(c.message, 'Crash container "app" of pod "crashy"?');
    assert.match(c.detail, /inside the same pause sandbox: the pod keeps its IP 10\.1\.0\.7\./);
    assert.strictEqual(c.button, 'Crash Container');
  });

  it('crash outcomes: restarted in the same sandbox, or the IP changed, with short IDs', () => {
    const same = crashRestarted(t, 'app', ID1, ID2, '10.1.0.7', '10.1.0.7');
    assert.match(same, /^app restarted: \S+ → \S+\. The sandbox kept the IP 10\.1\.0\.7\.$/);
    assert.ok(!same.includes('containerd://'), same);
    const moved = crashRestarted(t, 'app', ID1, ID2, '10.1.0.7', '10.1.0.9');
    assert.match(moved, /The IP changed from 10\.1\.0\.7 to 10\.1\.0\.9: the sandbox was recreated too\./);
  });

  it('no restart: the PID 1 rule is named only when the signal went to a PID 1 that is not /pause', () => {
    assert.match(crashNoRestart(t, 'app', { target: 1, comm: 'sleep', pid1: 'sleep' }), /"sleep" is PID 1/);
    assert.strictEqual(
      crashNoRestart(t, 'app', { target: 7, comm: 'node', pid1: 'pause' }),
      'app did not restart within the wait: SIGTERM was sent to PID 7 (node).',
    );
  });

  it('a signal that could not be sent says why: no shell, or the runtime’s words on one line', () => {
    assert.strictEqual(
      crashRefusedWhy('', 'exec: "sh": executable file not found in $PATH'),
      'the container has no shell (sh) to send a signal from',
    );
    assert.strictEqual(crashRefusedWhy('kill: denied\nreally', undefined), 'kill: denied really');
    assert.strictEqual(crashNotSent(t, 'app', 'no way'), 'Could not crash app: no way.');
  });

  it('delete confirmation says whether a controller brings the pod back', () => {
    const owned = deleteConfirmation(t, 'web-1', 'demo', '10.1.0.7', { kind: 'ReplicaSet', name: 'web' });
    assert.strictEqual(owned.message, 'Delete pod "web-1" in namespace "demo"?');
    assert.match(owned.detail, /ReplicaSet "web" owns it and will create a new pod/);
    const bare = deleteConfirmation(t, 'solo', 'demo', undefined, undefined);
    assert.match(bare.detail, /No controller owns this pod, so nothing will recreate it\./);
    assert.strictEqual(bare.button, 'Delete Pod');
  });

  it('log streams: a followed stream says how to see the next instance; previous logs say nothing more', () => {
    assert.match(logStreamEnded(false) ?? '', /run Show Logs again for the next instance/);
    assert.strictEqual(logStreamEnded(true), undefined);
    assert.strictEqual(logStreamEnded(true, 'EOF'), '\n# stream ended: EOF\n');
    assert.ok(isNoPreviousInstance('previous terminated container "app" in pod "x" not found'));
    assert.ok(!isNoPreviousInstance('connection refused'));
    assert.match(noPreviousInstance('not found'), /^\n# No previous instance to show: not found\n# \S/);
  });

  it('events document: oldest first, columns, cluster text kept on one line', () => {
    const evs = readRecording('demo-crashy')
      .filter(r => r.kind === 'Event')
      .map(r => r.object as KEvent);
    assert.ok(evs.length > 1);
    const doc = eventsDocument('demo', 'crashy', [...evs].reverse());
    const lines = doc.trimEnd().split('\n');
    assert.strictEqual(lines[0], '# Events of pod demo/crashy (live)');
    assert.strictEqual(lines.length, 2 + evs.length);
    const hostile = eventsDocument('demo', 'x', [{ reason: 'Bad\nReason', message: 'a\u202eb\nc', type: 'Warning' }]);
    assert.strictEqual(hostile.trimEnd().split('\n').length, 3, hostile);
    assert.match(eventsDocument('demo', 'x', []), /no events kept for this pod/);
  });

  it('manifest document: kind and apiVersion stated, managedFields dropped, a gone pod said so', () => {
    const pod = readRecording('demo-crashy').find(r => r.kind === 'Pod')!.object as KPod;
    const withFields = { ...pod, metadata: { ...pod.metadata, managedFields: [{ manager: 'kubectl' }] } } as KPod;
    const doc = manifestDocument('demo', 'crashy', withFields);
    assert.match(doc, /^# Live manifest of pod demo\/crashy/);
    assert.match(doc, /\napiVersion: v1\nkind: Pod\n/);
    assert.ok(!doc.includes('managedFields'));
    assert.strictEqual(manifestDocument('demo', 'crashy', undefined), '# pod demo/crashy no longer exists\n');
  });

  it('sandbox processes document: each kind of finding', () => {
    assert.match(processesDocument('demo', 'p', { kind: 'none-running' }), /No container is running/);
    const sep = processesDocument('demo', 'p', {
      kind: 'separate',
      pid1: [
        { container: 'a', args: 'sleep 3600' },
        { container: 'b', unknown: 'no\nps' },
        { container: 'c', cannotExec: 'denied' },
      ],
    });
    assert.match(
      sep,
      / {2}PID 1 in a: sleep 3600\n {2}PID 1 in b: unknown \(no ps\)\n {2}PID 1 in c: cannot exec \(denied\)\n/,
    );
    assert.match(sep, /shareProcessNamespace: true every container shares one PID namespace/);
    assert.match(processesDocument('demo', 'p', { kind: 'shared' }), /No running container could list processes/);
    assert.match(processesDocument('demo', 'p', { kind: 'shared', table: 'PID 1 /pause' }), /\n\nPID 1 \/pause\n\n/);
  });
});
