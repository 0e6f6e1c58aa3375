// Why each container instance ended, and what the kubelet does next, with the evidence for it.
// Classified when the end is seen and kept in the history: the events that prove a probe kill or a
// resize restart expire after about an hour, the classification must not.
import type { PodAnatomy } from './anatomy';
import { clock, oneLine, parseTime } from './format';
import type { InstanceRecord, PodHistory } from './history';
import { KEvent, KPod, eventTime } from './k8s';
import { RestartSpec, matchingRule, restartSpecs, ruleText } from './restartRules';
import { sandboxKillOf } from './explain/sandboxKill';
import { signalName } from './explain/catalog';

export type EndKind =
  | 'crash'
  | 'signal'
  | 'oom'
  | 'probe'
  | 'restart-rule'
  | 'restart-all'
  | 'resize'
  | 'sandbox'
  | 'kubelet'
  | 'deleted'
  | 'evicted'
  | 'completed';

export interface EndCause {
  kind: EndKind;
  /** Short, for rows and timeline labels: "crash: exit 1". */
  label: string;
  /** A sentence: "Crashed: the program exited with code 1." */
  text: string;
  /** How we know: "status lastState: exit 1 Error"; "event Killing at 10:02:03: …". */
  evidence: string;
  /** What the kubelet does after this end, and why: "restarted: restartPolicy Always". */
  next?: string;
}

/** Evidence from the cluster outranks a reading of the exit code: a weaker class never replaces it. */
const STRENGTH: Record<EndKind, number> = {
  crash: 1,
  signal: 1,
  completed: 1,
  'restart-rule': 2,
  oom: 3,
  kubelet: 3,
  'restart-all': 3,
  probe: 4,
  resize: 4,
  deleted: 4,
  evicted: 4,
  sandbox: 5,
};
export function strongerEnd(a: EndCause | undefined, b: EndCause | undefined): EndCause | undefined {
  if (!a || !b) return a ?? b;
  return STRENGTH[b.kind] >= STRENGTH[a.kind] ? { ...b, next: b.next ?? a.next } : { ...a, next: a.next ?? b.next };
}

const GRACE_MS = 35_000; // the default 30 s grace period, plus a little for one-second timestamps

/** A Killing event about this container whose message says why, close to the instance's end. */
function killingEvent(i: InstanceRecord, events: readonly KEvent[], why: RegExp): KEvent | undefined {
  const end = parseTime(i.finishedAt);
  if (end === undefined) return undefined;
  const field = new RegExp(`\\{${i.container.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\}$`);
  return events.find(e => {
    if (e.reason !== 'Killing' || !why.test(e.message ?? '')) return false;
    if (e.involvedObject?.fieldPath && !field.test(e.involvedObject.fieldPath)) return false;
    if (!e.involvedObject?.fieldPath && !(e.message ?? '').includes(i.container)) return false;
    const last = parseTime(eventTime(e));
    const first = parseTime(e.firstTimestamp) ?? last;
    if (last === undefined || first === undefined) return false;
    // The kill starts at the event; the process ends within the grace period. A series (count > 1)
    // only dates its first and last kill: in between, only a kill-like exit is attributed to it.
    if (end >= last - 2_000 && end <= last + GRACE_MS) return true;
    return (
      (e.count ?? 1) > 1 && end >= first - 2_000 && end <= last + GRACE_MS && [137, 143].includes(i.exitCode ?? -1)
    );
  });
}

const quote = (e: KEvent) => `event ${e.reason} at ${clock(eventTime(e))}: "${oneLine(e.message, 160)}"`;

export interface EndContext {
  h?: PodHistory;
  events?: readonly KEvent[];
  spec?: RestartSpec;
  /** The pod's deletionTimestamp, and its status reason (Evicted). */
  deletedAt?: string;
  deletionGraceS?: number;
  podReason?: string;
}

/** Why this instance ended; undefined while its end is not known. */
export function classifyEnd(i: InstanceRecord, ctx: EndContext = {}): EndCause | undefined {
  if (i.exitCode === undefined && !i.finishedAt && i.reason !== 'RestartingAllContainers') return undefined;
  const code = i.exitCode;
  const exit = `exit ${code ?? '?'}${i.reason ? ` ${oneLine(i.reason, 40)}` : ''}`;
  const status = `${i.source === 'lastState' ? 'status lastState' : 'container status'}: ${exit}`;
  const events = ctx.events ?? [];
  if (i.reason === 'RestartingAllContainers')
    return {
      kind: 'restart-all',
      label: 'whole-pod restart',
      text: 'Removed by a whole-pod in-place restart (RestartAllContainers): a restart rule of another container asked for it; the sandbox and IP stayed.',
      evidence: `${status}${i.message ? ` "${oneLine(i.message, 120)}"` : ''}`,
    };
  const kill = sandboxKillOf(i, ctx.h);
  if (kill)
    return {
      kind: 'sandbox',
      label: 'sandbox recreated',
      text: 'Ended because the pod sandbox was recreated: the kubelet kills every container of the old sandbox.',
      evidence: `${kill.evidence}; ${status}`,
    };
  const probe = killingEvent(i, events, /failed (liveness|startup) probe/i);
  if (probe) {
    const which = /startup/i.test(probe.message ?? '') ? 'startup' : 'liveness';
    return {
      kind: 'probe',
      label: `${which} probe`,
      text: `Killed by the kubelet because its ${which} probe failed; the kubelet then restarts it.`,
      evidence: `${quote(probe)}; ${status}`,
    };
  }
  const resize = killingEvent(i, events, /resize requires restart/i);
  if (resize)
    return {
      kind: 'resize',
      label: 'resize restart',
      text: 'Restarted by an in-place resize: its resizePolicy says RestartContainer for the resized resource.',
      evidence: `${quote(resize)}; ${status}`,
    };
  if (i.reason === 'OOMKilled')
    return {
      kind: 'oom',
      label: 'OOMKilled',
      text: "Killed by the kernel's out-of-memory killer: it used more memory than its limit.",
      evidence: status,
    };
  if (i.reason === 'ContainerStatusUnknown')
    return {
      kind: 'kubelet',
      label: 'lost by the kubelet',
      text: 'The kubelet lost track of it (ContainerStatusUnknown), as after a kubelet or node restart; how it really ended is unknown.',
      evidence: status,
    };
  const end = parseTime(i.finishedAt);
  // deletionTimestamp is the deadline: the request came a grace period earlier.
  const del = (parseTime(ctx.deletedAt) ?? NaN) - (ctx.deletionGraceS ?? 0) * 1000;
  if (Number.isFinite(del) && end !== undefined && end >= del - 2_000) {
    const evicted = ctx.podReason === 'Evicted';
    return {
      kind: evicted ? 'evicted' : 'deleted',
      label: evicted ? 'pod evicted' : 'pod deleted',
      text: evicted
        ? 'Stopped because the kubelet evicted the pod.'
        : 'Stopped because the pod was deleted: the kubelet sends the stop signal, then SIGKILL after the grace period.',
      evidence: `the pod's deletionTimestamp ${clock(ctx.deletedAt)}; ${status}`,
    };
  }
  const rule = matchingRule(ctx.spec, code);
  if (rule)
    return {
      kind: 'restart-rule',
      label: `rule: ${rule.rule.action ?? '?'}`,
      text: `Exited with code ${code}, which matched ${ruleText(rule)}.`,
      evidence: `${status}; the container's ${ruleText(rule)}`,
    };
  if (code === 0)
    return {
      kind: 'completed',
      label: 'completed',
      text: 'Completed: the program exited with code 0.',
      evidence: status,
    };
  const sig = i.signal ?? (code !== undefined && code > 128 && code < 160 ? code - 128 : undefined);
  if (sig)
    return {
      kind: 'signal',
      label: `${signalName(sig)}`,
      text: `Ended by ${signalName(sig)} (exit ${code}): nothing recorded says who sent it.`,
      evidence: status,
    };
  return {
    kind: 'crash',
    label: `crash: exit ${code ?? '?'}`,
    text: `Crashed: the program exited with code ${code ?? 'unknown'}.`,
    evidence: status,
  };
}

/** What the kubelet does after an end, by the container's rules, its restartPolicy or the pod's. */
export function restartDecision(
  code: number | undefined,
  spec: RestartSpec | undefined,
  podPhase?: string,
  pod: { kind?: string; deleting?: boolean } = {},
): { restarts: boolean; why: string } {
  if (pod.deleting) return { restarts: false, why: "won't restart: the pod is being deleted" };
  const rule = matchingRule(spec, code);
  if (rule) {
    const action = rule.rule.action ?? '?';
    const what = action === 'RestartAllContainers' ? 'the whole pod restarts in place' : 'restarts';
    return { restarts: action !== 'Terminate', why: `${what}: exit ${code} matched ${ruleText(rule)}` };
  }
  const own = spec?.policy;
  const policy = own ?? spec?.podPolicy ?? 'Always';
  const whose = own ? "the container's restartPolicy" : "the pod's restartPolicy";
  const noRule = spec?.rules.length ? `no restart rule matched exit ${code ?? '?'} and ` : '';
  if (podPhase === 'Succeeded' || podPhase === 'Failed')
    return { restarts: false, why: `won't restart: the pod has finished (phase ${podPhase})` };
  // An init container (not a sidecar) runs once to completion; a failed one is retried unless Never.
  if (pod.kind === 'init' && code === 0)
    return { restarts: false, why: "won't run again: an init container runs once to completion" };
  if (pod.kind === 'init' && !own)
    return spec?.podPolicy === 'Never'
      ? {
          restarts: false,
          why: "won't restart: a failed init container with the pod's restartPolicy Never fails the pod",
        }
      : {
          restarts: true,
          why: `retried: an init container must succeed (the pod's restartPolicy is ${spec?.podPolicy ?? 'Always'})`,
        };
  if (policy === 'Always') return { restarts: true, why: `restarts: ${noRule}${whose} is Always` };
  if (policy === 'OnFailure')
    return code === 0
      ? { restarts: false, why: `won't restart: ${noRule}${whose} is OnFailure and it exited 0` }
      : { restarts: true, why: `restarts: ${noRule}${whose} is OnFailure and it exited ${code ?? '?'}` };
  return { restarts: false, why: `won't restart: ${noRule}${whose} is ${policy}` };
}

/** Classify every ended instance of a history (kept, and only ever upgraded by stronger evidence). */
export function recordEnds(h: PodHistory, a: PodAnatomy, events: readonly KEvent[], pod?: KPod): void {
  const specs = restartSpecs(pod);
  const podReason = pod?.status?.reason;
  const deletionGraceS = (pod?.metadata as { deletionGracePeriodSeconds?: number } | undefined)
    ?.deletionGracePeriodSeconds;
  for (const i of h.instances) {
    const spec = pod ? specs.get(i.container) : undefined;
    const found = classifyEnd(i, { h, events, spec, deletedAt: a.deletedAt, deletionGraceS, podReason });
    if (!found) continue;
    const later = h.instances.some(x => x.container === i.container && x.ordinal > i.ordinal);
    if (later)
      found.next = i.removedBy ? 'ran again in the whole-pod restart (RestartAllContainers)' : restartedText(found);
    else if (pod && found.kind !== 'sandbox' && found.kind !== 'restart-all')
      found.next = restartDecision(i.exitCode, spec, a.phase, { kind: i.kind, deleting: !!a.deletedAt }).why;
    i.end = strongerEnd(i.end, found);
  }
}

function restartedText(c: EndCause): string {
  switch (c.kind) {
    case 'sandbox':
      return 'restarted in the new sandbox';
    case 'restart-all':
      return 'restarted with every other container of the pod';
    case 'resize':
      return 'restarted at once with the new resources';
    default:
      return 'restarted';
  }
}
