import * as assert from 'assert';
import { backoffFromMessage, backoffSchedule, backoffStep, parseGoDuration } from '../../src/model/backoff';
import { parsePid1 } from '../../src/model/processes';
import {
  allExplanations,
  explainExit,
  explainField,
  explainReason,
  FIELD_PATHS,
  REASON_NAMES,
} from '../../src/model/explain/catalog';

describe('explanation catalog', () => {
  it('every entry has a summary, an explanation, a sandbox note and an official docs link', () => {
    for (const e of allExplanations()) {
      assert.ok(e.summary.length > 10 && e.detail.length > 10 && e.sandbox.length > 5, e.id);
      assert.match(e.docs, /^https:\/\/kubernetes\.io\/docs\//, e.id);
    }
  });
  it('covers every reason the hovers issue lists', () => {
    for (const r of [
      'CrashLoopBackOff',
      'Error',
      'OOMKilled',
      'Completed',
      'ContainerCreating',
      'PodInitializing',
      'ImagePullBackOff',
      'ErrImagePull',
      'ErrImageNeverPull',
      'CreateContainerConfigError',
      'RunContainerError',
      'ContainerCannotRun',
      'Evicted',
      'DeadlineExceeded',
      'SandboxChanged',
      'FailedCreatePodSandBox',
    ]) {
      assert.ok(explainReason(r), r);
    }
    assert.ok(REASON_NAMES.length >= 16);
  });
  it('covers the pod spec and status fields', () => {
    for (const f of [
      'spec.containers',
      'spec.initContainers',
      'spec.ephemeralContainers',
      'spec.restartPolicy',
      'spec.shareProcessNamespace',
      'spec.hostNetwork',
      'spec.hostPID',
      'spec.hostIPC',
      'spec.dnsPolicy',
      'spec.containers.ports',
      'spec.containers.ports.hostPort',
      'spec.volumes',
      'spec.containers.volumeMounts',
      'spec.runtimeClassName',
      'spec.terminationGracePeriodSeconds',
      'spec.containers.livenessProbe',
      'spec.containers.readinessProbe',
      'spec.containers.startupProbe',
      'spec.containers.resources',
      'status.podIP',
      'status.podIPs',
      'status.conditions',
      'status.conditions.PodReadyToStartContainers',
      'status.containerStatuses',
      'status.containerStatuses.state',
      'status.containerStatuses.lastState',
      'status.containerStatuses.restartCount',
      'status.containerStatuses.containerID',
    ]) {
      assert.ok(explainField(f), f);
    }
    assert.ok(FIELD_PATHS.length >= 28);
  });
  it('exit codes: 0, 1, 2, 126, 127 and 128+n with the signal named', () => {
    assert.match(explainExit(0).summary, /Success/);
    assert.match(explainExit(127).summary, /not found/);
    assert.match(explainExit(137).summary, /SIGKILL/);
    assert.match(explainExit(143).summary, /SIGTERM/);
    assert.match(explainExit(139).summary, /SIGSEGV/);
    assert.match(explainExit(130).summary, /SIGINT/);
    assert.match(explainExit(42).summary, /42/);
  });
});

describe('back-off', () => {
  it('is 10 s doubling to 300 s', () => assert.deepStrictEqual(backoffSchedule(), [10, 20, 40, 80, 160, 300]));
  it('parses the kubelet message and Go durations', () => {
    assert.strictEqual(backoffFromMessage('back-off 40s restarting failed container=app pod=crashy_demo(abc)'), 40);
    assert.strictEqual(backoffFromMessage('back-off 5m0s restarting failed container=app'), 300);
    assert.strictEqual(backoffFromMessage('back-off 2m40s restarting failed'), 160);
    assert.strictEqual(backoffFromMessage('something else'), undefined);
    assert.strictEqual(parseGoDuration('1h2m3s'), 3723);
  });
  it('says which step a container is at', () => {
    assert.deepStrictEqual(backoffStep(40), { step: 3, of: 6, next: 80 });
    assert.deepStrictEqual(backoffStep(300), { step: 6, of: 6, next: 300 });
  });
});

describe('process evidence parsers', () => {
  it('reads PID 1 from the exec output, args first, comm when there are none', () => {
    assert.deepStrictEqual(parsePid1('noise\nPID1|sh|/bin/sh -c while true; do sleep 1; done \n'), {
      comm: 'sh',
      args: '/bin/sh -c while true; do sleep 1; done',
    });
    assert.deepStrictEqual(parsePid1('PID1|pause|'), { comm: 'pause', args: undefined });
    assert.strictEqual(parsePid1('sh: not found'), undefined);
  });
});
