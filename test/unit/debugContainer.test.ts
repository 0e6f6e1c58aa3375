import * as assert from 'assert';
import { plainL10n } from '../../src/model/actionText';
import {
  SHELL_COMMAND,
  debugConfirmation,
  debugContainerName,
  debugContainerProgress,
  debugImageChoices,
  debugTargetRefusal,
  ephemeralContainerSpec,
  ephemeralPatch,
  imageBaseName,
  shellFailure,
} from '../../src/model/debugContainer';
import { KNode } from '../../src/model/k8s';
import { needsRealCluster } from '../../src/model/recorded';
import { CURRENT, replay } from './replay';

// A node as a kubelet with a few pulled images reports it (names: digest first, then tags).
const busyNode: KNode = {
  metadata: { name: 'worker-1' },
  status: {
    images: [
      { names: ['registry.k8s.io/pause@sha256:7031c1b2', 'registry.k8s.io/pause:3.10'], sizeBytes: 320368 },
      { names: ['docker.io/library/nginx@sha256:aa11', 'docker.io/library/nginx:1.27'], sizeBytes: 72_000_000 },
      { names: ['docker.io/library/alpine@sha256:bb22', 'docker.io/library/alpine:3.20'], sizeBytes: 3_600_000 },
      { names: ['docker.io/library/busybox@sha256:cc33', 'docker.io/library/busybox:1.37'], sizeBytes: 2_200_000 },
      { names: ['ghcr.io/acme/app@sha256:dd44'], sizeBytes: 40_000_000 },
    ],
  },
};

describe('debug containers: the image, the spec, the words', () => {
  it("the default image is the recorded node's busybox (a shell, already on the node), never pause", () => {
    const r = replay('demo-debug-me', undefined, CURRENT);
    const node = r.store.node(r.store.pod(r.uid)?.spec?.nodeName);
    assert.ok(node?.status?.images?.length, 'the recording holds the node with its images');
    const choices = debugImageChoices(node, r.last.containers);
    assert.deepStrictEqual(choices[0], { image: 'docker.io/local/busybox:test', source: 'node-shell' });
    assert.ok(!choices.some(c => /pause/.test(c.image)), JSON.stringify(choices));
  });

  it('busybox before alpine, tags before digests, then the pod own images; the setting comes first', () => {
    const pod = [{ image: 'docker.io/library/nginx:1.27' }, { image: 'ghcr.io/acme/app@sha256:dd44' }];
    assert.deepStrictEqual(debugImageChoices(busyNode, pod), [
      { image: 'docker.io/library/busybox:1.37', source: 'node-shell' },
      { image: 'docker.io/library/alpine:3.20', source: 'node-shell' },
      { image: 'docker.io/library/nginx:1.27', source: 'pod' },
      { image: 'ghcr.io/acme/app@sha256:dd44', source: 'pod' },
    ]);
    const set = debugImageChoices(busyNode, pod, ' nicolaka/netshoot ');
    assert.deepStrictEqual(set[0], { image: 'nicolaka/netshoot', source: 'setting' });
    // Nodes hidden from this user (no nodes permission): the pod's own images still work.
    assert.deepStrictEqual(debugImageChoices(undefined, pod)[0], {
      image: 'docker.io/library/nginx:1.27',
      source: 'pod',
    });
    assert.strictEqual(imageBaseName('reg:5000/a/busybox@sha256:1'), 'busybox');
  });

  it('the ephemeral container: target, stdin and TTY, IfNotPresent; added by a strategic-merge patch', () => {
    const spec = ephemeralContainerSpec('debugger-ab12c', 'docker.io/local/busybox:test', 'app');
    assert.deepStrictEqual(ephemeralPatch(spec), {
      spec: {
        ephemeralContainers: [
          {
            name: 'debugger-ab12c',
            image: 'docker.io/local/busybox:test',
            imagePullPolicy: 'IfNotPresent',
            targetContainerName: 'app',
            stdin: true,
            tty: true,
            terminationMessagePolicy: 'File',
          },
        ],
      },
    });
  });

  it('a name not taken yet: debugger- and five letters or digits', () => {
    let i = 0;
    const seq = [0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5];
    const name = debugContainerName(['debugger-aaaaa'], () => seq[i++ % seq.length]);
    assert.strictEqual(name, 'debugger-sssss');
    assert.match(debugContainerName([]), /^debugger-[a-z0-9]{5}$/);
  });

  it('the modal says the container cannot be removed and stays in the pod spec', () => {
    const c = debugConfirmation(plainL10n, 'debug-me', 'app', 'docker.io/local/busybox:test');
    assert.strictEqual(c.message, 'Add an ephemeral debug container to debug-me?');
    assert.match(c.detail, /cannot be removed/);
    assert.match(c.detail, /stays in the pod spec \(spec\.ephemeralContainers\) until the pod is deleted/);
    assert.match(c.detail, /process namespace of app, so ps there shows app's processes/);
    assert.strictEqual(c.button, 'Add Debug Container');
  });

  it('refusals: an ephemeral target, a container not running', () => {
    assert.match(
      debugTargetRefusal(plainL10n, { name: 'debugger', kind: 'ephemeral', state: 'running' })!,
      /debugger is itself an ephemeral container/,
    );
    assert.match(
      debugTargetRefusal(plainL10n, { name: 'app', kind: 'app', state: 'waiting' })!,
      /app is not running \(waiting\)/,
    );
    assert.strictEqual(debugTargetRefusal(plainL10n, { name: 'app', kind: 'app', state: 'running' }), undefined);
  });

  it('progress: the recorded debugger runs; an image the node lacks fails at once, naming the image', () => {
    const r = replay('demo-debug-me', undefined, CURRENT);
    const eph = r.last.containers.find(c => c.kind === 'ephemeral');
    assert.strictEqual(eph?.targetContainer, 'app');
    assert.strictEqual(debugContainerProgress(plainL10n, eph), 'running');
    assert.strictEqual(debugContainerProgress(plainL10n, undefined), 'wait');
    const stuck = debugContainerProgress(plainL10n, {
      name: 'debugger-x',
      state: 'waiting',
      stateReason: 'ErrImageNeverPull',
      stateMessage: 'Container image "nope:1" is not present with pull policy of Never',
      image: 'nope:1',
    });
    assert.ok(typeof stuck === 'object');
    assert.match(stuck.failed, /cannot start: ErrImageNeverPull .*\(image nope:1\)/);
    assert.strictEqual(
      debugContainerProgress(plainL10n, { name: 'd', state: 'waiting', stateReason: 'ContainerCreating' }),
      'wait',
    );
  });

  it('Open Shell: bash if present, else sh; a missing /bin/sh is explained', () => {
    assert.strictEqual(SHELL_COMMAND[0], '/bin/sh');
    assert.match(SHELL_COMMAND[2], /-x \/bin\/bash.*exec \/bin\/bash.*exec \/bin\/sh/);
    assert.match(
      shellFailure(plainL10n, 'app', 'exec: "/bin/sh": stat /bin/sh: no such file or directory'),
      /app has no \/bin\/sh \(a distroless image\?\)/,
    );
    assert.strictEqual(
      shellFailure(plainL10n, 'app', 'command terminated with non-zero exit code: 2'),
      'The shell in app ended: command terminated with non-zero exit code: 2',
    );
  });

  it('the recorded demo refuses both, saying why; a live cluster does not', () => {
    assert.match(needsRealCluster('debug', true)!, /recorded demo.*started by a real kubelet/);
    assert.match(needsRealCluster('shell', true)!, /recorded demo.*runs inside a real container/);
    assert.strictEqual(needsRealCluster('debug', false), undefined);
  });
});
