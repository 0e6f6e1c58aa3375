// Pod (+ its events and node) -> PodAnatomy: the pause sandbox and every container by kind.
// Pure: no vscode, no network. Every surface renders from this.
import { backoffFromMessage } from './backoff';
import { runtimeOf, shortId } from './format';
import {
  KCondition,
  KContainer,
  KContainerStatus,
  KEvent,
  KNode,
  KPod,
  KRestartRule,
  KStateTerminated,
  KVolumeMount,
  eventTime,
} from './k8s';
import { PodResize, ResourceLine, containerResources, podResize } from './resize';
import { RestartInPlace, restartInPlaceOf } from './restartInPlace';
import { PodSummary, eachContainer, eventsOfPod, isSandboxError, podIPsOf, summarize } from './summary';
import {
  ContainerKind,
  ContainerState,
  Health,
  SandboxState,
  containerHealth,
  containerState,
  exitCodeOf,
} from './vocabulary';

// The vocabulary's types, importable from here as before.
export type { ContainerKind, ContainerState, Health, SandboxState } from './vocabulary';

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
  mounts: MountAnatomy[];
  targetContainer?: string;
  /** Position among spec.initContainers, counting init containers and sidecars together (start order). */
  initOrder?: number;
  /** The container's own restartPolicy (sidecars: Always; app containers, Kubernetes ≥ 1.34). */
  restartPolicy?: string;
  restartPolicyRules?: KRestartRule[];
  /** Desired (spec) / allocated / actual (status) resources; empty when none are set or reported. */
  resources: ResourceLine[];
  /** Stop signal: as asked in lifecycle.stopSignal, and as the kubelet reports it (status.stopSignal). */
  stopSignal?: { asked?: string; effective?: string };
  /** The user the first process started as (status.user.linux, Kubernetes ≥ 1.31). */
  user?: { uid?: number; gid?: number; groups: number[] };
}

export interface MountAnatomy {
  volume: string;
  path: string;
  readOnly: boolean;
  /** spec: Disabled, IfPossible or Enabled. */
  recursiveReadOnly?: string;
  /** What the kubelet reports it mounted (status.volumeMounts); undefined when it does not say. */
  effective?: { readOnly: boolean; recursiveReadOnly?: string };
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
  /** Every node IP (status.hostIPs, dual stack); the single hostIP of older API servers otherwise. */
  hostIPs: string[];
  /** spec.hostUsers: false = the pod has its own user namespace; undefined = the field is absent (node's). */
  hostUsers?: boolean;
  /** PodScheduled -> PodReadyToStartContainers True, from the conditions' transition times. */
  readyAfter?: { seconds: number; scheduledAt: string; readyAt: string };
  /** PodReadyToStartContainers (k8s >= 1.29); undefined on older clusters. */
  readyToStartContainers?: { status: string; since?: string };
  pauseImage: PauseImageInfo;
  /** How many times the API's events say the sandbox was recreated (SandboxChanged count). */
  recreations: number;
  lastRecreatedAt?: string;
  sandboxErrors: { reason: string; message: string; at?: string; count: number }[];
}

export interface VolumeAnatomy {
  name: string;
  type: string;
  mountedBy: string[];
}

/** The full picture of one pod; its pod-level fields are its summary's (see summary.ts). */
export interface PodAnatomy extends PodSummary {
  statusMessage?: string;
  createdAt?: string;
  qosClass?: string;
  restartPolicy: string;
  sandbox: SandboxAnatomy;
  containers: ContainerAnatomy[];
  volumes: VolumeAnatomy[];
  /** Resize state and pod-level resources (spec.resources / status.resources). */
  resize: PodResize;
  /** In-place restart rounds (RestartAllContainers); undefined when the pod says nothing of them. */
  restartInPlace?: RestartInPlace;
}

export interface AnatomyContext {
  events?: readonly KEvent[];
  node?: KNode;
  /** Why the node is not available, when it is not (forbidden, not found …). */
  nodeUnavailable?: string;
}

function termination(t: KStateTerminated | undefined): Termination | undefined {
  if (!t) return undefined;
  return {
    exitCode: exitCodeOf(t),
    signal: t.signal || undefined,
    reason: t.reason || undefined,
    message: t.message || undefined,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    containerId: t.containerID || undefined,
  };
}

function containerAnatomy(
  c: KContainer,
  kind: ContainerKind,
  index: number,
  s: KContainerStatus | undefined,
  initOrder: number | undefined,
): ContainerAnatomy {
  const st = s?.state;
  const state = containerState(s);
  const term = termination(st?.terminated);
  const last = termination(s?.lastState?.terminated);
  const waiting = st?.waiting;
  let backoff: ContainerAnatomy['backoff'];
  const seconds = waiting?.reason === 'CrashLoopBackOff' ? backoffFromMessage(waiting.message) : undefined;
  if (seconds !== undefined) {
    const from = Date.parse(last?.finishedAt ?? '');
    backoff = {
      seconds,
      nextStartAt: Number.isFinite(from) ? new Date(from + seconds * 1000).toISOString() : undefined,
    };
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
    health: containerHealth(kind, s),
    backoff,
    ports: (c.ports ?? [])
      .filter(p => typeof p.containerPort === 'number')
      .map(p => ({
        port: p.containerPort as number,
        name: p.name,
        protocol: p.protocol ?? 'TCP',
        hostPort: p.hostPort,
      })),
    mounts: (c.volumeMounts ?? []).map(m => mountAnatomy(m, s)),
    targetContainer: c.targetContainerName,
    initOrder,
    restartPolicy: c.restartPolicy,
    restartPolicyRules: c.restartPolicyRules?.length ? c.restartPolicyRules : undefined,
    resources: containerResources(c, s),
    stopSignal:
      c.lifecycle?.stopSignal || s?.stopSignal
        ? { asked: c.lifecycle?.stopSignal || undefined, effective: s?.stopSignal || undefined }
        : undefined,
    user: userOf(s),
  };
}

function mountAnatomy(m: KVolumeMount, s: KContainerStatus | undefined): MountAnatomy {
  const st = s?.volumeMounts?.find(x => x.mountPath === m.mountPath && x.name === m.name);
  return {
    volume: m.name ?? '?',
    path: m.mountPath ?? '?',
    readOnly: !!m.readOnly,
    recursiveReadOnly: m.recursiveReadOnly || undefined,
    effective: st ? { readOnly: !!st.readOnly, recursiveReadOnly: st.recursiveReadOnly || undefined } : undefined,
  };
}

function userOf(s: KContainerStatus | undefined): ContainerAnatomy['user'] {
  const u = s?.user?.linux;
  if (!u) return undefined;
  const id = (n: unknown) => (typeof n === 'number' ? n : undefined);
  return { uid: id(u.uid), gid: id(u.gid), groups: (u.supplementalGroups ?? []).filter(g => typeof g === 'number') };
}

/** Seconds from PodScheduled to PodReadyToStartContainers True, when both times are known. */
function readyAfterOf(conditions: readonly KCondition[] | undefined): SandboxAnatomy['readyAfter'] {
  const sched = conditions?.find(c => c.type === 'PodScheduled' && c.status === 'True')?.lastTransitionTime;
  const ready = conditions?.find(
    c => c.type === 'PodReadyToStartContainers' && c.status === 'True',
  )?.lastTransitionTime;
  const from = Date.parse(sched ?? ''),
    to = Date.parse(ready ?? '');
  if (!sched || !ready || !Number.isFinite(from) || !Number.isFinite(to) || to < from) return undefined;
  return { seconds: Math.round((to - from) / 1000), scheduledAt: sched, readyAt: ready };
}

/** Node IPs, dual stack first; the single hostIP of older API servers otherwise. */
function hostIPsOf(pod: KPod): string[] {
  const st = pod.status ?? {};
  const ips = (st.hostIPs ?? []).map(p => p.ip).filter((ip): ip is string => !!ip);
  if (!ips.length && st.hostIP) ips.push(st.hostIP);
  return ips;
}

const pauseByNode = new WeakMap<KNode, PauseImageInfo>();

/** The node's image list names the sandbox image beside app images; pick it out (once per node object). */
export function pauseImageOf(
  node: KNode | undefined,
  nodeUnavailable: string | undefined,
  runtime: string | undefined,
): PauseImageInfo {
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
  if (images.length >= 50)
    return { known: false, note: 'the node lists only its 50 largest images; the small pause image is not among them' };
  if (runtime && !/containerd|cri-o|docker/i.test(runtime))
    return { known: false, note: `runtime ${runtime} may not use a pause image` };
  return { known: false, note: 'the node does not list a pause image' };
}

export function buildAnatomy(pod: KPod, ctx: AnatomyContext = {}): PodAnatomy {
  const meta = pod.metadata ?? {};
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  const containers: ContainerAnatomy[] = [];
  const inits = spec.initContainers ?? [];
  eachContainer(pod, (c, kind, index, s) => {
    const order = kind === 'init' || kind === 'sidecar' ? inits.indexOf(c) : -1;
    containers.push(containerAnatomy(c, kind, index, s, order >= 0 ? order : undefined));
  });

  const events = eventsOfPod(pod, ctx.events);
  const changed = events.filter(e => e.reason === 'SandboxChanged');
  const recreations = changed.reduce((n, e) => n + Math.max(1, e.count ?? 1), 0);
  const lastRecreatedAt = changed
    .map(eventTime)
    .filter((t): t is string => !!t)
    .sort()
    .pop();
  const sandboxErrors = events
    .filter(isSandboxError)
    .map(e => ({ reason: e.reason ?? '', message: e.message ?? '', at: eventTime(e), count: e.count ?? 1 }));

  const podIPs = podIPsOf(pod);
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
  const runtime = runtimeVersion ?? containers.map(c => runtimeOf(c.containerId)).find(Boolean);
  const volumes: VolumeAnatomy[] = (spec.volumes ?? []).map(v => ({
    name: v.name ?? '?',
    type: Object.keys(v).find(k => k !== 'name') ?? 'unknown',
    mountedBy: containers.filter(c => c.mounts.some(m => m.volume === v.name)).map(c => c.name),
  }));
  return {
    ...summarize(pod, ctx.events),
    statusMessage: st.message,
    createdAt: meta.creationTimestamp,
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
      hostIPs: hostIPsOf(pod),
      hostUsers: typeof spec.hostUsers === 'boolean' ? spec.hostUsers : undefined,
      readyAfter: readyAfterOf(st.conditions),
      readyToStartContainers: prtsc
        ? { status: prtsc.status ?? 'Unknown', since: prtsc.lastTransitionTime }
        : undefined,
      pauseImage: pauseImageOf(ctx.node, ctx.nodeUnavailable, runtimeVersion),
      recreations,
      lastRecreatedAt,
      sandboxErrors,
    },
    containers,
    volumes,
    resize: podResize(pod),
    restartInPlace: restartInPlaceOf(pod),
  };
}
