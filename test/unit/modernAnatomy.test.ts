// The pod anatomy of Kubernetes 1.37, checked on what a real 1.37.2 kubelet wrote
// (test/fixtures/recorded); the same code on the 1.20 recordings says nothing new and never crashes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CURRENT, FIXTURES, OLDER, readRecording, replay } from './replay';
import { KContainer, KPod } from '../../src/model/k8s';
import { PodAnatomy } from '../../src/model/anatomy';
import { matchRestartRule, restartDecision } from '../../src/model/restartRules';
import { isRestartInPlaceRound } from '../../src/model/restartInPlace';
import { parseQuantity, resourceLineText, showQuantity } from '../../src/model/resize';
import {
  containerDetailFacts,
  describeContainer,
  describeSandbox,
  sandboxCardFacts,
} from '../../src/model/explain/describe';
import { containerRow, sandboxRow } from '../../src/model/rows';

const fact = (facts: [string, string][], k: string) => facts.find(f => f[0] === k)?.[1];
const container = (a: PodAnatomy, name: string) => a.containers.find(c => c.name === name)!;
/** The recorded pod objects of one recording, in order. */
const pods = (name: string) =>
  readRecording(name, CURRENT)
    .filter(r => r.kind === 'Pod' && r.type !== 'DELETED')
    .map(r => r.object as KPod);

describe('1.37: per-container restart policy and rules (restart-rules recording)', () => {
  const last = pods('demo-restart-rules').pop()!;
  const spec = (n: string) => last.spec!.containers!.find(c => c.name === n) as KContainer;
  it('matchRestartRule: the recorded exit 42 matches rule 1, the recorded exit 1 matches none', () => {
    const s = last.status!.containerStatuses!.find(c => c.name === 'exit-42')!;
    assert.strictEqual(s.lastState!.terminated!.exitCode, 42);
    assert.deepStrictEqual(matchRestartRule(spec('exit-42'), 42)?.index, 0);
    assert.strictEqual(matchRestartRule(spec('exit-42'), 42)?.action, 'Restart');
    assert.strictEqual(matchRestartRule(spec('exit-42'), s.state!.terminated!.exitCode), undefined);
    assert.strictEqual(matchRestartRule(spec('exit-42'), -1), undefined, 'unknown exit code');
    assert.strictEqual(matchRestartRule(spec('app'), 42), undefined, 'no rules');
  });
  it('restartDecision says which setting decided, matching what the kubelet did', () => {
    const d42 = restartDecision(spec('exit-42'), 'Always', 42);
    assert.strictEqual(d42.verdict, 'restart'); // the kubelet restarted it: restartCount 1
    assert.match(d42.text, /matched rule 1 \(Restart when exit code in \{42\}\)/);
    const d1 = restartDecision(spec('exit-42'), 'Always', 1);
    assert.strictEqual(d1.verdict, 'no-restart'); // recorded: stays terminated with exit 1
    assert.match(d1.text, /no restart rule matched, so the container's own restartPolicy Never applies/);
    assert.strictEqual(restartDecision(spec('once'), 'Always', 1).by, 'container-policy');
    assert.strictEqual(restartDecision(spec('app'), 'Always', 0).by, 'pod-policy');
    assert.strictEqual(
      restartDecision(
        {
          restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'NotIn', values: [0] } }],
          restartPolicy: 'Never',
        },
        'Always',
        3,
      ).verdict,
      'restart',
    );
    assert.strictEqual(restartDecision({ restartPolicy: 'OnFailure' }, 'Always', 0).verdict, 'no-restart');
  });
  it('the badge on the tree row and the details say policy, rules and which rule matched each exit', () => {
    const a = replay('demo-restart-rules', undefined, CURRENT).last;
    const c = container(a, 'exit-42');
    assert.match(containerRow(c, a).description, /restartPolicy Never · 1 rule/);
    assert.match(containerRow(container(a, 'once'), a).description, /restartPolicy Never/);
    assert.doesNotMatch(containerRow(container(a, 'app'), a).description, /restartPolicy/);
    const f = containerDetailFacts(c, a);
    assert.strictEqual(fact(f, 'Restart policy'), 'restartPolicy Never · 1 rule: 1. Restart when exit code in {42}');
    assert.match(fact(f, 'Last exit')!, /^exit 42 matched rule 1/);
    assert.match(fact(f, 'Exit')!, /^exit 1: no restart rule matched/);
    assert.ok(describeContainer(c, a).facts.some(x => x[0] === 'Restart policy'));
  });
});

describe('1.37: restart all containers in place (restart-all recording)', () => {
  const r = replay('demo-restart-all', undefined, CURRENT);
  it('the round is seen from the condition while it runs, and from the old instances after', () => {
    const during = r.snapshots.find(a => a.restartInPlace?.inProgress)!;
    assert.strictEqual(during.restartInPlace!.condition, 'AllContainersRestarting');
    const after = r.last.restartInPlace!;
    assert.strictEqual(after.inProgress, false);
    assert.deepStrictEqual(after.containers.sort(), ['buddy', 'init-config', 'worker']);
    assert.strictEqual(r.snapshots[0].restartInPlace, undefined, 'before any round: nothing to say');
  });
  it('the other condition name seen in the wild, PodRestartInPlace, is read the same way', () => {
    const rr = replay(
      'demo-restart-all',
      p => {
        for (const c of p.status?.conditions ?? [])
          if (c.type === 'AllContainersRestarting') c.type = 'PodRestartInPlace';
      },
      CURRENT,
    );
    assert.strictEqual(
      rr.snapshots.find(a => a.restartInPlace?.inProgress)?.restartInPlace?.condition,
      'PodRestartInPlace',
    );
  });
  it('isRestartInPlaceRound: true for the update where every container restarted, so history must not add a generation', () => {
    // The fold's "every regular container restarted at once" test, on each recorded update.
    let prev: PodAnatomy | undefined;
    const rounds: number[] = [];
    r.snapshots.forEach((a, i) => {
      const regular = a.containers.filter(c => c.kind === 'app' || c.kind === 'sidecar');
      const restarted = regular.filter(
        c => (prev ? container(prev, c.name).restartCount : c.restartCount) < c.restartCount,
      );
      if (regular.length > 1 && restarted.length === regular.length) {
        assert.ok(isRestartInPlaceRound(a, restarted), `update ${i}`);
        rounds.push(i);
      }
      prev = a;
    });
    assert.strictEqual(rounds.length, 1, 'one round recorded');
    // Same IP and uid before and after: the sandbox stayed.
    assert.strictEqual(r.last.sandbox.podIP, r.snapshots[rounds[0] - 1].sandbox.podIP);
    assert.strictEqual(r.last.uid, r.snapshots[0].uid);
  });
  it('a real sandbox recreation (1.20 recording) is not taken for a round', () => {
    const old = replay('ghost-sandbox-rebuilding');
    for (const a of old.snapshots) assert.strictEqual(isRestartInPlaceRound(a, a.containers), false);
  });
  it('the sandbox card and the instance details say it: same sandbox, not a new generation', () => {
    const f = sandboxCardFacts(r.last);
    assert.match(fact(f, 'Restart in place')!, /in this same sandbox .*not a new generation/);
    const worker = containerDetailFacts(container(r.last, 'worker'), r.last);
    assert.match(fact(worker, 'Last exit')!, /in-place restart of all containers/);
  });
});

describe('1.37: in-place resize (resize recording)', () => {
  const r = replay('demo-resize', undefined, CURRENT);
  it('desired vs allocated vs actual per container, and "not applied yet" while they differ', () => {
    const mid = r.snapshots[5]; // spec 48Mi, allocated 48Mi, runtime still 32Mi, PodResizeInProgress
    const mem = container(mid, 'mem-restart').resources.find(l => l.resource === 'memory')!;
    assert.deepStrictEqual(mem.desired, { request: '48Mi', limit: '48Mi' });
    assert.strictEqual(mem.allocated, '48Mi');
    assert.deepStrictEqual(mem.actual, { request: '32Mi', limit: '32Mi' });
    assert.strictEqual(mem.settled, false);
    assert.strictEqual(mem.resizeRestart, 'RestartContainer');
    assert.ok(mid.resize.inProgress, 'PodResizeInProgress');
    const lastMem = container(r.last, 'mem-restart').resources.find(l => l.resource === 'memory')!;
    assert.strictEqual(lastMem.settled, true);
    const line = fact(containerDetailFacts(container(mid, 'mem-restart'), mid), 'Resources memory')!;
    assert.match(
      line,
      /spec request 48Mi, limit 48Mi · allocated 48Mi · running with request 32Mi, limit 32Mi — not applied yet \(a resize restarts the container\)/,
    );
  });
  it('observedGeneration: "the kubelet has seen generation 1 of 2" right after the resize', () => {
    assert.strictEqual(r.snapshots[4].resize.observed?.generation, 1);
    assert.strictEqual(r.snapshots[4].resize.observed?.of, 2);
    assert.match(fact(sandboxCardFacts(r.snapshots[4]), 'Spec seen')!, /seen generation 1 of 2/);
    assert.match(fact(sandboxCardFacts(r.last), 'Spec seen')!, /acted on the latest spec \(generation 2\)/);
    assert.match(fact(sandboxCardFacts(r.snapshots[5]), 'Resize')!, /PodResizeInProgress/);
  });
  it('pod-level status.resources, and the cgroup maximum shown as "no limit" (restart-rules recording)', () => {
    assert.deepStrictEqual(r.last.resize.pod.find(l => l.resource === 'memory')?.actual, {
      request: '96Mi',
      limit: '96Mi',
    });
    const rr = replay('demo-restart-rules', undefined, CURRENT).last;
    assert.strictEqual(rr.resize.pod.find(l => l.resource === 'memory')?.actual?.limit, 'no limit');
    assert.strictEqual(showQuantity('memory', '9007199254740988Ki'), 'no limit');
    assert.strictEqual(parseQuantity('100m'), 0.1);
    assert.strictEqual(parseQuantity('32Mi'), 32 * 2 ** 20);
    assert.strictEqual(parseQuantity('junk'), undefined);
  });
  it('"not applied yet" only where the spec asks for something the pod does not run with', () => {
    // A pod without pod-level resources runs with what the kubelet computed: nothing is pending.
    const rr = replay('demo-restart-rules', undefined, CURRENT).last;
    for (const l of rr.resize.pod) assert.notStrictEqual(l.settled, false, resourceLineText(l));
    assert.ok(!/not applied yet/.test(fact(sandboxCardFacts(rr), 'Pod memory') ?? ''));
    for (const name of ['demo-crashy', 'demo-steady', 'demo-resize', 'demo-with-sidecar'])
      for (const a of replay(name, undefined, CURRENT).snapshots)
        for (const l of [...a.resize.pod, ...a.containers.flatMap(c => c.resources ?? [])])
          if (l.settled === false)
            assert.ok(
              l.desired.request !== undefined || l.desired.limit !== undefined,
              `${name}: ${resourceLineText(l)}`,
            );
  });
  it('PodResizePending Deferred/Infeasible is worded from its reason', () => {
    const rr = replay(
      'demo-resize',
      p => {
        p.status?.conditions?.push({
          type: 'PodResizePending',
          status: 'True',
          reason: 'Infeasible',
          message: "Node didn't have enough capacity",
        });
      },
      CURRENT,
    );
    assert.match(fact(sandboxCardFacts(rr.last), 'Resize')!, /Infeasible: the node can never fit it.*enough capacity/);
  });
});

describe('1.37: the sandbox card and container details', () => {
  it('userns: hostUsers false ran (the pod is Running and ready), own user namespace, uid 0 is inside it', () => {
    const a = replay('demo-userns', undefined, CURRENT).last;
    assert.strictEqual(a.phase, 'Running');
    assert.strictEqual(a.sandbox.hostUsers, false);
    assert.match(fact(describeSandbox(a).facts, 'User namespace')!, /own \(hostUsers: false\)/);
    assert.match(sandboxRow(a, undefined).description, /own user namespace/);
    assert.strictEqual(
      fact(containerDetailFacts(a.containers[0], a), 'User'),
      "uid 0, gid 0, groups 0 inside the pod's own user namespace (not the node's IDs)",
    );
  });
  it('node IPs, sandbox ready time PodScheduled -> PodReadyToStartContainers', () => {
    const a = replay('demo-steady', undefined, CURRENT).last;
    assert.deepStrictEqual(a.sandbox.hostIPs, ['192.0.2.2']);
    assert.ok(a.sandbox.readyAfter && a.sandbox.readyAfter.seconds >= 0);
    const f = describeSandbox(a).facts;
    assert.match(fact(f, 'Sandbox ready')!, /after scheduling \(PodScheduled .* → PodReadyToStartContainers/);
    assert.strictEqual(fact(f, 'Node IP'), '192.0.2.2');
    assert.strictEqual(fact(f, 'User namespace'), "the node's");
  });
  it('stop signal: as asked in lifecycle.stopSignal and as the kubelet reports it', () => {
    const a = replay('demo-stop-signal', undefined, CURRENT).last;
    assert.deepStrictEqual(a.containers[0].stopSignal, { asked: 'SIGUSR1', effective: 'SIGUSR1' });
    assert.strictEqual(
      fact(describeContainer(a.containers[0], a).facts, 'Stop signal'),
      'SIGUSR1 (lifecycle.stopSignal)',
    );
    const d = replay('demo-steady', undefined, CURRENT).last;
    assert.strictEqual(fact(containerDetailFacts(d.containers[0], d), 'Stop signal'), 'SIGTERM');
  });
  it('sidecar: its own group, start order and stop order (with-sidecar recording)', () => {
    const a = replay('demo-with-sidecar', undefined, CURRENT).last;
    const sc = container(a, 'log-shipper');
    assert.strictEqual(sc.kind, 'sidecar');
    assert.strictEqual(sc.initOrder, 1);
    assert.strictEqual(
      fact(describeContainer(sc, a).facts, 'Order'),
      'starts 2 of 2 in init order; the app containers start once it has started; stops after the app containers have stopped',
    );
    assert.strictEqual(
      containerRow(sc, a).description.includes('restartPolicy'),
      false,
      'Always is what makes it a sidecar',
    );
  });
  it('effective mounts: recursiveReadOnly as asked and as mounted', () => {
    const a = replay(
      'demo-restart-rules',
      p => {
        const c = p.spec?.containers?.find(x => x.name === 'exit-42');
        for (const m of c?.volumeMounts ?? []) Object.assign(m, { readOnly: true, recursiveReadOnly: 'IfPossible' });
        const s = p.status?.containerStatuses?.find(x => x.name === 'exit-42');
        for (const m of s?.volumeMounts ?? []) Object.assign(m, { readOnly: true, recursiveReadOnly: 'Enabled' });
      },
      CURRENT,
    ).last;
    assert.strictEqual(
      fact(containerDetailFacts(container(a, 'exit-42'), a), 'Mount /state'),
      'read-only, recursive read-only Enabled (as mounted)',
    );
  });
});

describe('1.20 recordings: the new fields are absent, nothing new is claimed, nothing crashes', () => {
  const names = fs
    .readdirSync(path.join(FIXTURES, OLDER))
    .map(f => f.replace(/\.jsonl$/, ''))
    .filter(n => n !== 'nodes');
  for (const n of names)
    it(`recorded-1.20/${n}`, () => {
      for (const a of replay(n).snapshots) {
        assert.strictEqual(a.resize.observed, undefined);
        assert.strictEqual(a.restartInPlace, undefined);
        assert.strictEqual(a.sandbox.hostUsers, undefined);
        for (const c of a.containers) {
          assert.strictEqual(c.user, undefined);
          assert.strictEqual(c.stopSignal, undefined);
          const f = [...containerDetailFacts(c, a), ...describeContainer(c, a).facts];
          assert.ok(!f.some(x => /Stop signal|User|Spec seen|Restart in place/.test(x[0])), JSON.stringify(f));
        }
        const s = sandboxCardFacts(a);
        assert.ok(!s.some(x => /Spec seen|Restart in place|Resize/.test(x[0])));
      }
    });
});
