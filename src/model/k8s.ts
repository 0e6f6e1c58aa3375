// Kubernetes objects as they arrive on the wire (JSON, timestamps as strings).
// Only the fields Pod X-Ray reads; everything optional because clusters send odd things.
export interface KObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { kind?: string; name?: string; controller?: boolean }[];
  managedFields?: unknown;
  /** Bumped by the API server on each spec change (Kubernetes ≥ 1.34 for pods). */
  generation?: number;
}
export interface KPort {
  containerPort?: number;
  hostPort?: number;
  name?: string;
  protocol?: string;
}
export interface KVolumeMount {
  name?: string;
  mountPath?: string;
  readOnly?: boolean;
  /** Disabled, IfPossible, Enabled (spec); Disabled or Enabled (status). Kubernetes ≥ 1.30. */
  recursiveReadOnly?: string;
}
/** Quantities as the API writes them ("100m", "32Mi"). */
export type KResourceList = Record<string, string | number>;
export interface KResources {
  requests?: KResourceList;
  limits?: KResourceList;
}
export interface KRestartRule {
  action?: string;
  exitCodes?: { operator?: string; values?: number[] };
}
export interface KLifecycleHandler {
  exec?: unknown;
  httpGet?: unknown;
  tcpSocket?: unknown;
  sleep?: { seconds?: number };
}
export interface KContainer {
  name?: string;
  image?: string;
  restartPolicy?: string;
  /** Per-container restart rules (Kubernetes ≥ 1.34, ContainerRestartRules). */
  restartPolicyRules?: KRestartRule[];
  ports?: KPort[];
  volumeMounts?: KVolumeMount[];
  targetContainerName?: string;
  resources?: KResources;
  resizePolicy?: { resourceName?: string; restartPolicy?: string }[];
  lifecycle?: { postStart?: KLifecycleHandler; preStop?: KLifecycleHandler; stopSignal?: string };
}
export interface KVolume {
  name?: string;
  [source: string]: unknown;
}
export interface KPodSpec {
  nodeName?: string;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  shareProcessNamespace?: boolean;
  runtimeClassName?: string;
  /** false: the pod gets its own user namespace (Kubernetes ≥ 1.25 alpha, on by default 1.33). */
  hostUsers?: boolean;
  /** Pod-level requests and limits (Kubernetes ≥ 1.32, PodLevelResources). */
  resources?: KResources;
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  initContainers?: KContainer[];
  containers?: KContainer[];
  ephemeralContainers?: KContainer[];
  volumes?: KVolume[];
}
export interface KStateRunning {
  startedAt?: string;
}
export interface KStateWaiting {
  reason?: string;
  message?: string;
}
export interface KStateTerminated {
  exitCode?: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}
export interface KContainerState {
  running?: KStateRunning;
  waiting?: KStateWaiting;
  terminated?: KStateTerminated;
}
export interface KContainerStatus {
  name?: string;
  image?: string;
  imageID?: string;
  containerID?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: KContainerState;
  lastState?: KContainerState;
  /** What the kubelet has allocated (in-place resize, Kubernetes ≥ 1.27). */
  allocatedResources?: KResourceList;
  /** What the runtime really applied. */
  resources?: KResources;
  volumeMounts?: KVolumeMount[];
  user?: { linux?: { uid?: number; gid?: number; supplementalGroups?: number[] } };
  stopSignal?: string;
}
export interface KCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
  observedGeneration?: number;
}
export interface KPodStatus {
  phase?: string;
  reason?: string;
  message?: string;
  hostIP?: string;
  podIP?: string;
  podIPs?: { ip?: string }[];
  hostIPs?: { ip?: string }[];
  startTime?: string;
  /** The pod generation the kubelet last acted on (Kubernetes ≥ 1.34). */
  observedGeneration?: number;
  /** Pod-level resources the kubelet applied / allocated. */
  resources?: KResources;
  allocatedResources?: KResourceList;
  qosClass?: string;
  conditions?: KCondition[];
  initContainerStatuses?: KContainerStatus[];
  containerStatuses?: KContainerStatus[];
  ephemeralContainerStatuses?: KContainerStatus[];
}
export interface KPod {
  apiVersion?: string;
  kind?: string;
  metadata?: KObjectMeta;
  spec?: KPodSpec;
  status?: KPodStatus;
}
export interface KEvent {
  metadata?: KObjectMeta;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string; host?: string };
}
export interface KNode {
  metadata?: KObjectMeta;
  status?: {
    nodeInfo?: { containerRuntimeVersion?: string; kubeletVersion?: string; osImage?: string };
    images?: { names?: string[]; sizeBytes?: number }[];
    addresses?: { type?: string; address?: string }[];
  };
}
export interface KNamespace {
  metadata?: KObjectMeta;
  status?: { phase?: string };
}

/** A stable key for an API object: its uid, or namespace/name when odd input has none. */
export function uidOf(o: { metadata?: { uid?: string; namespace?: string; name?: string } }): string {
  return o.metadata?.uid ?? `${o.metadata?.namespace}/${o.metadata?.name}`;
}

/** When an event happened: newer events use eventTime, older ones lastTimestamp. */
export function eventTime(e: KEvent): string | undefined {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
}
