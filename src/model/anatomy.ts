// Pod (+ its events and node) -> PodAnatomy: the pause sandbox and every container by kind.
// Pure: no vscode, no network. Every surface renders from this.
import { backoffFromMessage } from './backoff';
import { runtimeOf, shortId } from './format';
import { KContainer, KContainerStatus, KEvent, KNode, KPod, KStateTerminated, eventTime } from './k8s';

export type ContainerKind = 'init' | 'sidecar' | 'app' | 'ephemeral';
export type ContainerState = 'running' | 'waiting' | 'terminated' | 'unknown';
export type Health = 'running' | 'starting' | 'waiting' | 'crashloop' | 'failed' | 'completed' | 'unknown';
export type SandboxState = 'unscheduled' | 'creating' | 'ready' | 'host-network' | 'gone';

export interface Termination {
  exitCode: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerId?: string;
}

export interface ContainerAnatomy {
  name: string;
  kind: ContainerKind;
  /** Position within its kind (init order matters). */
  index: number;
  image?: string;
  containerId?: string;
  shortId?: string;
  state: ContainerState;
  stateReason?: string;
  stateMessage?: string;
  startedAt?: string;
  /** Set when the current instance itself has terminated. */
  termination?: Termination;
  /** The previous instance's end (status.lastState.terminated). */
  lastTermination?: Termination;
  ready: boolean;
  restartCount: number;
  health: Health;
  /** Current crash back-off in seconds and when the next start is due, when waiting in one. */
  backoff?: { seconds: number; nextStartAt?: string };
  ports: { port: number; name?: string; protocol: string; hostPort?: number }[];
  mounts: { volume: string; path: string; readOnly: boolean }[];
  targetContainer?: string;
}

export interface PauseImageInfo {
  known: boolean;
  name?: string;
  sizeBytes?: number;
  /** Why it is unknown, or a caveat (truncated list). */
  note?: string;
}

export interface SandboxAnatomy {
  state: SandboxState;
  podIP?: string;
  podIPs: string[];
  hostIP?: string;
  hostNetwork: boolean;
  shareProcessNamespace: boolean;
  hostPID: boolean;
  hostIPC: boolean;
  nodeName?: string;
  runtime?: string;
  runtimeClassName?: string;
  /** PodReadyToStartContainers (k8s >= 1.29); undefined on older clusters. */
  readyToStartContainers?: { status: string; since?: string };
  pauseImage: PauseImageInfo;
  /** How many times the API's events say the sandbox was recreated (SandboxChanged count). */
  recreations: number;
  lastRecreatedAt?: string;
  sandboxErrors: { reason: string; message: string; at?: string; count: number }[];
}

export interface VolumeAnatomy { name: string; type: string; mountedBy: string[] }

export interface PodAnatomy {
  uid: string;
  name: string;
  namespace: string;
  phase: string;
  /** What kubectl's STATUS column would say (CrashLoopBackOff, Init:1/2, Completed …). */
  status: string;
  statusMessage?: string;
  createdAt?: string;
  deletedAt?: string;
  qosClass?: string;
  restartPolicy: string;
  sandbox: SandboxAnatomy;
  containers: ContainerAnatomy[];
  ready: { ready: number; total: number };
  restarts: number;
  volumes: VolumeAnatomy[];
  /** Anything a user would want to look at: crash loops, failures, pending images. */
  hasProblem: boolean;
  resourceVersion?: string;
}

export interface AnatomyContext {
  events?: readonly KEvent[];
  node?: KNode;
  /** Why the node is not available, when it is not (forbidden, not found …). */
  nodeUnavailable?: string;
}

const ERROR_WAITING = new Set([
  'ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName', 'CreateContainerConfigError',
  'CreateContainerError', 'RunContainerError', 'ContainerCannotRun', 'PreStartHookError', 'PostStartHookError',
]);

function termination(t: KStateTerminated | undefined): Termination | undefined {
  if (!t) return undefined;
  return {
    exitCode: typeof t.exitCode === 'number' ? t.exitCode : -1,
    signal: t.signal || undefined,
    reason: t.reason || undefined,
    message: t.message || undefined,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    containerId: t.containerID || undefined,
  };
}

function healthOf(kind: ContainerKind, s: KContainerStatus | undefined, state: ContainerState, term?: Termination): Health {
  if (!s || state === 'unknown') return 'unknown';
  const reason = s.state?.waiting?.reason ?? '';
  if (state === 'waiting') {
    if (reason === 'CrashLoopBackOff') return 'crashloop';
    if (ERROR_WAITING.has(reason)) return 'failed';
    return 'waiting';
  }
  if (state === 'terminated') return term && term.exitCode === 0 ? 'completed' : 'failed';
  if (kind === 'init') return 'running';
  return s.ready ? 'running' : 'starting';
}

function containerAnatomy(c: KContainer, kind: ContainerKind, index: number, s: KContainerStatus | undefined): ContainerAnatomy {
  const st = s?.state;
  const state: ContainerState = st?.running ? 'running' : st?.terminated ? 'terminated' : st?.waiting ? 'waiting' : 'unknown';
  const term = termination(st?.terminated);
  const last = termination(s?.lastState?.terminated);
  const waiting = st?.waiting;
  let backoff: ContainerAnatomy['backoff'];
  const seconds = waiting?.reason === 'CrashLoopBackOff' ? backoffFromMessage(waiting.message) : undefined;
  if (seconds !== undefined) {
    const from = Date.parse(last?.finishedAt ?? '');
    backoff = { seconds, nextStartAt: Number.isFinite(from) ? new Date(from + seconds * 1000).toISOString() : undefined };
  }
  const containerId = s?.containerID || undefined;
  return {
    name: c.name ?? s?.name ?? '?',
    kind,
    index,
    image: s?.image ?? c.image,
    containerId,
    shortId: shortId(containerId),
    state,
    stateReason: waiting?.reason ?? term?.reason ?? undefined,
    stateMessage: waiting?.message ?? term?.message ?? undefined,
    startedAt: st?.running?.startedAt ?? term?.startedAt,
    termination: term,
    lastTermination: last,
    ready: !!s?.ready,
    restartCount: Math.max(0, s?.restartCount ?? 0),
    health: healthOf(kind, s, state, term),
    backoff,
    ports: (c.ports ?? []).filter(p => typeof p.containerPort === 'number')
      .map(p => ({ port: p.containerPort as number, name: p.name, protocol: p.protocol ?? 'TCP', hostPort: p.hostPort })),
    mounts: (c.volumeMounts ?? []).map(m => ({ volume: m.name ?? '?', path: m.mountPath ?? '?', readOnly: !!m.readOnly })),
    targetContainer: c.targetContainerName,
  };
}

const pauseByNode = new WeakMap<KNode, PauseImageInfo>();

/** The node's image list names the sandbox image beside app images; pick it out (once per node object). */
export function pauseImageOf(node: KNode | undefined, nodeUnavailable: string | undefined, runtime: string | undefined): PauseImageInfo {
  if (!node) return { known: false, note: nodeUnavailable ?? 'the node is not known yet' };
  let hit = pauseByNode.get(node);
  if (!hit) pauseByNode.set(node, (hit = findPauseImage(node, runtime)));
  return hit;
}

function findPauseImage(node: KNode, runtime: string | undefined): PauseImageInfo {
  const images = node.status?.images ?? [];
  const isPause = (n: string) => /(^|\/)pause(:|@|$)/.test(n);
  const hit = images.find(i => (i.names ?? []).some(isPause));
  if (hit) {
    const names = (hit.names ?? []).filter(isPause);
    const tagged = names.find(n => !n.includes('@')) ?? names[0];
    return { known: true, name: tagged, sizeBytes: hit.sizeBytes };
  }
  // The kubelet reports at most 50 images by default (nodeStatusMaxImages), largest first.
  if (images.length >= 50) return { known: false, note: 'the node lists only its 50 largest images; the small pause image is not among them' };
  if (runtime && !/containerd|cri-o|docker/i.test(runtime)) return { known: false, note: `runtime ${runtime} may not use a pause image` };
  return { known: false, note: 'the node does not list a pause image' };
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
    const sidecar = specInits.find(s => s.name === c.name)?.restartPolicy === 'Always';
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
      else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (st.conditions ?? []).some(c => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp) reason = st.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

export function buildAnatomy(pod: KPod, ctx: AnatomyContext = {}): PodAnatomy {
  const meta = pod.metadata ?? {};
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  // Pods have a handful of containers: a linear find beats building maps per pod.
  const finder = (list: KContainerStatus[] | undefined) => ({ get: (n: string) => list?.find(s => s.name === n), list: list ?? [] });
  const initS = finder(st.initContainerStatuses), appS = finder(st.containerStatuses), ephS = finder(st.ephemeralContainerStatuses);

  const containers: ContainerAnatomy[] = [];
  let ii = 0, si = 0;
  for (const c of spec.initContainers ?? []) {
    const sidecar = c.restartPolicy === 'Always';
    containers.push(containerAnatomy(c, sidecar ? 'sidecar' : 'init', sidecar ? si++ : ii++, initS.get(c.name ?? '')));
  }
  (spec.containers ?? []).forEach((c, i) => containers.push(containerAnatomy(c, 'app', i, appS.get(c.name ?? ''))));
  (spec.ephemeralContainers ?? []).forEach((c, i) => containers.push(containerAnatomy(c, 'ephemeral', i, ephS.get(c.name ?? ''))));
  // Statuses with no spec entry (an older apiserver dropped the spec field, or odd input):
  // the kubelet says they exist, so show them.
  const known = new Set(containers.map(c => `${c.kind === 'sidecar' ? 'init' : c.kind}/${c.name}`));
  const orphans: [ContainerKind, KContainerStatus[]][] = [['init', initS.list], ['app', appS.list], ['ephemeral', ephS.list]];
  for (const [kind, statuses] of orphans) {
    for (const s of statuses) {
      const name = s.name ?? '';
      if (!known.has(`${kind}/${name}`)) containers.push(containerAnatomy({ name }, kind, containers.filter(c => c.kind === kind).length, s));
    }
  }
  // Init containers first (in order), then sidecars, app, ephemeral: the order they join the sandbox.
  const rank: Record<ContainerKind, number> = { init: 0, sidecar: 1, app: 2, ephemeral: 3 };
  containers.sort((a, b) => rank[a.kind] - rank[b.kind] || a.index - b.index);

  const events = (ctx.events ?? []).filter(e => !meta.uid || !e.involvedObject?.uid || e.involvedObject.uid === meta.uid);
  const changed = events.filter(e => e.reason === 'SandboxChanged');
  const recreations = changed.reduce((n, e) => n + Math.max(1, e.count ?? 1), 0);
  const lastRecreatedAt = changed.map(eventTime).filter((t): t is string => !!t).sort().pop();
  const sandboxErrors = events.filter(e => e.reason === 'FailedCreatePodSandBox' || e.reason === 'FailedKillPod' && /sandbox/i.test(e.message ?? ''))
    .map(e => ({ reason: e.reason ?? '', message: e.message ?? '', at: eventTime(e), count: e.count ?? 1 }));

  const podIPs = (st.podIPs ?? []).map(p => p.ip).filter((ip): ip is string => !!ip);
  if (!podIPs.length && st.podIP) podIPs.push(st.podIP);
  const prtsc = (st.conditions ?? []).find(c => c.type === 'PodReadyToStartContainers');
  const terminal = st.phase === 'Succeeded' || st.phase === 'Failed';
  const hostNetwork = !!spec.hostNetwork;
  let state: SandboxState;
  if (!spec.nodeName) state = 'unscheduled';
  else if (terminal) state = 'gone';
  else if (prtsc) state = prtsc.status === 'True' ? (hostNetwork ? 'host-network' : 'ready') : 'creating';
  else if (hostNetwork) state = st.hostIP || containers.some(c => c.state === 'running') ? 'host-network' : 'creating';
  else state = podIPs.length ? 'ready' : 'creating';

  const runtimeVersion = ctx.node?.status?.nodeInfo?.containerRuntimeVersion;
  const runtime = runtimeVersion ?? (containers.map(c => runtimeOf(c.containerId)).find(Boolean));
  const volumes: VolumeAnatomy[] = (spec.volumes ?? []).map(v => ({
    name: v.name ?? '?',
    type: Object.keys(v).find(k => k !== 'name') ?? 'unknown',
    mountedBy: containers.filter(c => c.mounts.some(m => m.volume === v.name)).map(c => c.name),
  }));
  const regular = containers.filter(c => c.kind === 'app' || c.kind === 'sidecar');
  const restarts = containers.reduce((n, c) => n + c.restartCount, 0);
  const status = kubectlStatus(pod);
  return {
    uid: meta.uid ?? `${meta.namespace}/${meta.name}`,
    name: meta.name ?? '?',
    namespace: meta.namespace ?? 'default',
    phase: st.phase ?? 'Pending',
    status,
    statusMessage: st.message,
    createdAt: meta.creationTimestamp,
    deletedAt: meta.deletionTimestamp,
    qosClass: st.qosClass,
    restartPolicy: spec.restartPolicy ?? 'Always',
    sandbox: {
      state,
      podIP: podIPs[0],
      podIPs,
      hostIP: st.hostIP,
      hostNetwork,
      shareProcessNamespace: !!spec.shareProcessNamespace,
      hostPID: !!spec.hostPID,
      hostIPC: !!spec.hostIPC,
      nodeName: spec.nodeName,
      runtime,
      runtimeClassName: spec.runtimeClassName,
      readyToStartContainers: prtsc ? { status: prtsc.status ?? 'Unknown', since: prtsc.lastTransitionTime } : undefined,
      pauseImage: pauseImageOf(ctx.node, ctx.nodeUnavailable, runtimeVersion),
      recreations,
      lastRecreatedAt,
      sandboxErrors,
    },
    containers,
    ready: { ready: regular.filter(c => c.ready).length, total: regular.length },
    restarts,
    volumes,
    // A container that is running again after crashing still counts: crash loops spend most time running.
    hasProblem: containers.some(c => c.health === 'crashloop' || c.health === 'failed' && c.kind !== 'ephemeral'
      || c.restartCount > 0 && !!c.lastTermination && c.lastTermination.exitCode !== 0 && c.kind !== 'init')
      || st.phase === 'Failed' || sandboxErrors.length > 0 || /Err|BackOff|Error|Unknown/.test(status),
    resourceVersion: meta.resourceVersion,
  };
}
