// The slice of a pod that its tree row, the sort and the filter need, read straight from the
// API object. A namespace of thousands of pods renders from these; the full anatomy (sandbox,
// containers, volumes, explanations) is built only for a pod someone expands or hovers.
// buildAnatomy takes its pod-level fields from here, so the two can never disagree.
import { KContainer, KContainerStatus, KEvent, KPod, uidOf } from './k8s';
import { ContainerKind, Health, containerHasProblem, containerHealth, exitCodeOf, isSidecarSpec } from './vocabulary';

// Kept importable from here for existing callers; the rules live in vocabulary.ts.
export { containerHasProblem, containerHealth, containerState, exitCodeOf } from './vocabulary';

export interface PodSummary {
  uid: string;
  name: string;
  namespace: string;
  phase: string;
  /** What kubectl's STATUS column would say (CrashLoopBackOff, Init:1/2, Completed …). */
  status: string;
  deletedAt?: string;
  ready: { ready: number; total: number };
  restarts: number;
  podIP?: string;
  hostNetwork: boolean;
  /** The pod's icon: the worst of its containers now, its phase and its readiness (past crashes: `restarts`). */
  health: Health;
  /** Anything a user would want to look at: crash loops, failures, pending images. */
  hasProblem: boolean;
  resourceVersion?: string;
}

/** The pod's IPs, dual-stack first; the single podIP of older API servers otherwise. */
export function podIPsOf(pod: KPod): string[] {
  const st = pod.status ?? {};
  const ips = (st.podIPs ?? []).map(p => p.ip).filter((ip): ip is string => !!ip);
  if (!ips.length && st.podIP) ips.push(st.podIP);
  return ips;
}

export function isSandboxError(e: KEvent): boolean {
  return e.reason === 'FailedCreatePodSandBox' || (e.reason === 'FailedKillPod' && /sandbox/i.test(e.message ?? ''));
}

/** Events about this pod (a list for another uid, or odd input, must not leak in). */
export function eventsOfPod(pod: KPod, events: readonly KEvent[] | undefined): KEvent[] {
  const uid = pod.metadata?.uid;
  return (events ?? []).filter(e => !uid || !e.involvedObject?.uid || e.involvedObject.uid === uid);
}

type ContainerVisitor = (c: KContainer, kind: ContainerKind, index: number, s: KContainerStatus | undefined) => void;
// Pods have a handful of containers: linear finds beat building maps or sets per pod.
const statusOf = (list: KContainerStatus[] | undefined, name: string | undefined) =>
  list?.find(s => s.name === (name ?? ''));
const inSpec = (list: KContainer[] | undefined, name: string | undefined) =>
  !!list?.some(c => (c.name ?? '') === (name ?? ''));

/**
 * Every container of a pod with its kind and status, in spec order; statuses with no spec entry
 * (an older apiserver dropped the spec field, or odd input) are kept, since the kubelet says
 * they exist. Unordered across kinds: what summaries need, at list speed.
 */
export function forEachContainer(pod: KPod, f: ContainerVisitor): void {
  const spec = pod.spec ?? {},
    st = pod.status ?? {};
  let ii = 0,
    si = 0;
  for (const c of spec.initContainers ?? []) {
    const sidecar = isSidecarSpec(c);
    f(c, sidecar ? 'sidecar' : 'init', sidecar ? si++ : ii++, statusOf(st.initContainerStatuses, c.name));
  }
  const app = spec.containers ?? [],
    eph = spec.ephemeralContainers ?? [];
  app.forEach((c, i) => f(c, 'app', i, statusOf(st.containerStatuses, c.name)));
  eph.forEach((c, i) => f(c, 'ephemeral', i, statusOf(st.ephemeralContainerStatuses, c.name)));
  const orphans: [ContainerKind, KContainerStatus[] | undefined, KContainer[] | undefined, number][] = [
    ['init', st.initContainerStatuses, spec.initContainers, ii],
    ['app', st.containerStatuses, app, app.length],
    ['ephemeral', st.ephemeralContainerStatuses, eph, eph.length],
  ];
  for (const [kind, statuses, specs, first] of orphans) {
    let next = first;
    for (const s of statuses ?? []) if (!inSpec(specs, s.name)) f({ name: s.name ?? '' }, kind, next++, s);
  }
}

const RANK: Record<ContainerKind, number> = { init: 0, sidecar: 1, app: 2, ephemeral: 3 };

/** The same, in the order containers join the sandbox: init (in order), sidecars, app, ephemeral. */
export function eachContainer(pod: KPod, f: ContainerVisitor): void {
  const out: Parameters<ContainerVisitor>[] = [];
  forEachContainer(pod, (...x) => out.push(x));
  out.sort((a, b) => RANK[a[1]] - RANK[b[1]] || a[2] - b[2]);
  for (const x of out) f(...x);
}

export function summarize(pod: KPod, events?: readonly KEvent[]): PodSummary {
  const meta = pod.metadata ?? {},
    st = pod.status ?? {};
  let ready = 0,
    total = 0,
    restarts = 0,
    problem = false,
    failedNow = false,
    crashloop = false;
  forEachContainer(pod, (_c, kind, _i, s) => {
    const health = containerHealth(kind, s);
    const restartCount = Math.max(0, s?.restartCount ?? 0);
    const last = s?.lastState?.terminated;
    restarts += restartCount;
    if (kind === 'app' || kind === 'sidecar') {
      total++;
      if (s?.ready) ready++;
    }
    if (health === 'crashloop') crashloop = true;
    if (health === 'failed' && kind !== 'ephemeral') failedNow = true;
    if (containerHasProblem(kind, health, restartCount, last ? exitCodeOf(last) : undefined)) problem = true;
  });
  const status = kubectlStatus(pod);
  const phase = st.phase ?? 'Pending';
  const statusBad = /Err|BackOff|Error|Unknown/.test(status);
  const sandboxError = eventsOfPod(pod, events).some(isSandboxError);
  const hasProblem = problem || phase === 'Failed' || statusBad || sandboxError;
  // The icon says how the pod is now: past crashes are its restart count, not a red icon for ever.
  const failingNow = failedNow || statusBad || (sandboxError && ready < total);
  const health: Health = meta.deletionTimestamp
    ? 'waiting'
    : phase === 'Succeeded'
      ? 'completed'
      : phase === 'Failed'
        ? 'failed'
        : crashloop
          ? 'crashloop'
          : failingNow
            ? 'failed'
            : phase === 'Pending' || ready < total
              ? 'waiting'
              : phase === 'Unknown'
                ? 'unknown'
                : 'running';
  return {
    uid: uidOf(pod),
    name: meta.name ?? '?',
    namespace: meta.namespace ?? 'default',
    phase,
    status,
    deletedAt: meta.deletionTimestamp,
    ready: { ready, total },
    restarts,
    podIP: podIPsOf(pod)[0],
    hostNetwork: !!pod.spec?.hostNetwork,
    health,
    hasProblem,
    resourceVersion: meta.resourceVersion,
  };
}

/** kubectl's STATUS column, same rules (printPod in kubectl's printers). */
export function kubectlStatus(pod: KPod): string {
  const st = pod.status ?? {};
  let reason = st.reason || st.phase || 'Pending';
  const inits = st.initContainerStatuses ?? [];
  const specInits = pod.spec?.initContainers ?? [];
  let initializing = false;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    const sidecar = isSidecarSpec(specInits.find(s => s.name === c.name));
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (sidecar && c.started) continue;
    if (t) {
      reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${specInits.length || inits.length}`;
    }
    initializing = true;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    const cs = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated)
        reason = c.state.terminated.signal
          ? `Signal:${c.state.terminated.signal}`
          : `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (st.conditions ?? []).some(c => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp) reason = st.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}
