// What Pod X-Ray keeps of a listed pod: the fields its row, anatomy, history, filter, radar and
// actions read (the KPod interface), nothing else. A 10,000-pod namespace then costs a fraction
// of its JSON: env values, probes, commands, volume sources, annotations (last-applied-configuration
// is a whole second copy of the spec) and managedFields are dropped on arrival. Whoever needs the
// whole object (the manifest) fetches it. test/unit/projection.test.ts proves on every recording
// that anatomy, summary and history are the same from the projection as from the full object.
import {
  KCondition,
  KContainer,
  KContainerStatus,
  KObjectMeta,
  KPod,
  KPodSpec,
  KPodStatus,
  KVolume,
  KVolumeMount,
} from './k8s';

/** Copy the keys named that are present (absent stays absent: `'x' in o` answers as before). */
function pick<T extends object, K extends keyof T>(o: T | undefined, keys: readonly K[]): Pick<T, K> | undefined {
  if (!o || typeof o !== 'object') return o;
  const out = {} as Pick<T, K>;
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
function mapList<T, U>(list: T[] | undefined, f: (x: T) => U): U[] | undefined {
  return Array.isArray(list) ? list.map(f) : list;
}

/** metadata.deletionGracePeriodSeconds is read where a termination's cause is told (causes.ts). */
type MetaKept = KObjectMeta & { deletionGracePeriodSeconds?: number };
const META: (keyof MetaKept)[] = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'ownerReferences',
  'generation',
];
const CONTAINER: (keyof KContainer)[] = [
  'name',
  'image',
  'restartPolicy',
  'restartPolicyRules',
  'ports',
  'targetContainerName',
  'resources',
  'resizePolicy',
];
const MOUNT: (keyof KVolumeMount)[] = ['name', 'mountPath', 'readOnly', 'recursiveReadOnly'];
const SPEC: (keyof KPodSpec)[] = [
  'nodeName',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'shareProcessNamespace',
  'runtimeClassName',
  'hostUsers',
  'resources',
  'restartPolicy',
  'terminationGracePeriodSeconds',
];
const STATUS: (keyof KPodStatus)[] = [
  'phase',
  'reason',
  'message',
  'hostIP',
  'podIP',
  'podIPs',
  'hostIPs',
  'startTime',
  'observedGeneration',
  'resources',
  'allocatedResources',
  'qosClass',
];
const CONDITION: (keyof KCondition)[] = [
  'type',
  'status',
  'reason',
  'message',
  'lastTransitionTime',
  'lastProbeTime',
  'observedGeneration',
];
const CONTAINER_STATUS: (keyof KContainerStatus)[] = [
  'name',
  'image',
  'imageID',
  'containerID',
  'ready',
  'started',
  'restartCount',
  'allocatedResources',
  'resources',
  'user',
  'stopSignal',
];

/** A volume is shown by name and source type only (the first key beside the name). */
const NO_DETAIL = Object.freeze({});
function volume(v: KVolume): KVolume {
  if (!v || typeof v !== 'object') return v;
  const type = Object.keys(v).find(k => k !== 'name');
  const out: KVolume = {};
  if (v.name !== undefined) out.name = v.name;
  if (type) out[type] = NO_DETAIL;
  return out;
}

function container(c: KContainer): KContainer {
  const out = pick(c, CONTAINER);
  if (!out || out === c) return c;
  if (c.volumeMounts !== undefined) out.volumeMounts = mapList(c.volumeMounts, m => pick(m, MOUNT)!);
  const stop = c.lifecycle?.stopSignal;
  if (stop !== undefined) out.lifecycle = { stopSignal: stop };
  return out;
}

function containerStatus(s: KContainerStatus): KContainerStatus {
  const out = pick(s, CONTAINER_STATUS);
  if (!out || out === s) return s;
  // States are small and every field of them is read.
  if (s.state !== undefined) out.state = s.state;
  if (s.lastState !== undefined) out.lastState = s.lastState;
  if (s.volumeMounts !== undefined) out.volumeMounts = mapList(s.volumeMounts, m => pick(m, MOUNT)!);
  return out;
}

/**
 * Pods of one template have the same spec and labels, and their statuses repeat the same strings
 * (image, node, timestamps): sharing one copy of each halves what thousands of pods cost. Shared
 * objects are frozen (nobody may change one pod's spec through another). The maps only help while
 * pods arrive together: `reset()` after a list, and when they grow past `max`.
 */
export class Sharing {
  private readonly objects = new Map<string, object>();
  private readonly strings = new Map<string, string>();
  constructor(private readonly max = 50_000) {}

  reset(): void {
    this.objects.clear();
    this.strings.clear();
  }
  get size(): number {
    return this.objects.size + this.strings.size;
  }

  shareObject<T extends object>(o: T | undefined): T | undefined {
    if (!o || typeof o !== 'object') return o;
    const key = JSON.stringify(o);
    const hit = this.objects.get(key) as T | undefined;
    if (hit) return hit;
    if (this.size > this.max) this.reset();
    this.objects.set(key, deepFreeze(o));
    return o;
  }

  /**
   * The status strings that repeat across pods (times, images, container IDs), shared in place in
   * a fresh projection. Named fields, not a walk over every key: this runs for every listed pod.
   */
  shareStatusStrings(st: KPodStatus): void {
    // Only strings present are replaced (an absent field stays absent).
    const t = <O extends object>(o: O | undefined, k: keyof O) => {
      const v = o?.[k];
      if (typeof v === 'string') (o as Record<keyof O, unknown>)[k] = this.string(v);
    };
    t(st, 'startTime');
    t(st, 'hostIP');
    for (const c of st.conditions ?? []) t(c, 'lastTransitionTime');
    for (const list of [st.initContainerStatuses, st.containerStatuses, st.ephemeralContainerStatuses])
      for (const c of list ?? []) {
        t(c, 'image');
        t(c, 'imageID');
        t(c, 'containerID');
        for (const x of [c?.state, c?.lastState]) {
          t(x?.running, 'startedAt');
          t(x?.terminated, 'startedAt');
          t(x?.terminated, 'finishedAt');
          t(x?.terminated, 'containerID');
        }
      }
  }

  private string(x: string): string {
    const hit = this.strings.get(x);
    if (hit !== undefined) return hit;
    if (this.size > this.max) this.reset();
    this.strings.set(x, x);
    return x;
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/**
 * The projection of a pod (a new object; the argument is not changed). With `share`, its spec and
 * labels may be one frozen copy shared with other pods, and its status strings shared too.
 */
export function projectPod(pod: KPod, share?: Sharing): KPod {
  const out = projectOnly(pod);
  if (!share) return out;
  if (out.spec) out.spec = share.shareObject(out.spec);
  if (out.metadata?.labels) out.metadata.labels = share.shareObject(out.metadata.labels);
  if (out.metadata?.ownerReferences) out.metadata.ownerReferences = share.shareObject(out.metadata.ownerReferences);
  if (out.status) share.shareStatusStrings(out.status);
  return out;
}

function projectOnly(pod: KPod): KPod {
  const out: KPod = {};
  if (pod.apiVersion !== undefined) out.apiVersion = pod.apiVersion;
  if (pod.kind !== undefined) out.kind = pod.kind;
  if (pod.metadata !== undefined) {
    out.metadata = pick(pod.metadata as MetaKept, META);
    const owners = pod.metadata?.ownerReferences;
    if (out.metadata && Array.isArray(owners))
      out.metadata.ownerReferences = owners.map(o => pick(o, ['kind', 'name', 'controller'] as const)!);
  }
  const spec = pod.spec;
  if (spec !== undefined) {
    const s = pick(spec, SPEC);
    if (s && s !== spec) {
      if (spec.initContainers !== undefined) s.initContainers = mapList(spec.initContainers, container);
      if (spec.containers !== undefined) s.containers = mapList(spec.containers, container);
      if (spec.ephemeralContainers !== undefined) s.ephemeralContainers = mapList(spec.ephemeralContainers, container);
      if (spec.volumes !== undefined) s.volumes = mapList(spec.volumes, volume);
    }
    out.spec = s;
  }
  const st = pod.status;
  if (st !== undefined) {
    const s = pick(st, STATUS);
    if (s && s !== st) {
      if (st.conditions !== undefined) s.conditions = mapList(st.conditions, c => pick(c, CONDITION)!);
      if (st.initContainerStatuses !== undefined)
        s.initContainerStatuses = mapList(st.initContainerStatuses, containerStatus);
      if (st.containerStatuses !== undefined) s.containerStatuses = mapList(st.containerStatuses, containerStatus);
      if (st.ephemeralContainerStatuses !== undefined)
        s.ephemeralContainerStatuses = mapList(st.ephemeralContainerStatuses, containerStatus);
    }
    out.status = s;
  }
  return out;
}
