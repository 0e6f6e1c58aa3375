// In-place resize (Kubernetes ≥ 1.27 alpha, 1.33 beta, 1.35 GA): what the spec asks for
// (desired), what the kubelet has allocated, and what the runtime really applied (actual), per
// container and for the pod; the PodResizePending / PodResizeInProgress conditions; and how far
// the kubelet has caught up with the spec (metadata.generation vs status.observedGeneration).
import { oneLine } from './format';
import { KCondition, KContainer, KContainerStatus, KPod, KResourceList, KResources } from './k8s';

export interface ResourceLine {
  resource: string;
  desired: { request?: string; limit?: string };
  /** allocatedResources holds requests only. */
  allocated?: string;
  actual?: { request?: string; limit?: string };
  /** resizePolicy for this resource: NotRequired (default) or RestartContainer. */
  resizeRestart?: string;
  /** The runtime already runs with what the spec asks for (undefined: the status does not say). */
  settled?: boolean;
}

export interface ResizeCondition {
  type: 'PodResizePending' | 'PodResizeInProgress';
  /** Pending: Infeasible or Deferred; in progress: Error when it failed. */
  reason?: string;
  message?: string;
  since?: string;
}

export interface PodResize {
  pending?: ResizeCondition;
  inProgress?: ResizeCondition;
  /** "the kubelet has seen generation N of M"; undefined on API servers that don't track it. */
  observed?: { generation: number; of: number };
  /** Pod-level resources (spec.resources vs status.resources), when either is set. */
  pod: ResourceLine[];
}

const UNITS: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity as a number ("100m" -> 0.1, "32Mi" -> 33554432); undefined when unparsable. */
export function parseQuantity(q: string | number | undefined): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec((q ?? '').trim());
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2] ?? ''];
}

/** Memory limits this large are the cgroup's "no limit" (the kubelet reports 2^63 bytes - one page). */
const NO_LIMIT_BYTES = 2 ** 62;

/** A quantity for display: as the API wrote it, or "no limit" for the cgroup maximum. */
export function showQuantity(resource: string, q: string | number | undefined): string | undefined {
  if (q === undefined) return undefined;
  const n = parseQuantity(q);
  if (resource === 'memory' && n !== undefined && n >= NO_LIMIT_BYTES) return 'no limit';
  return String(q);
}

function same(a: string | number | undefined, b: string | number | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const x = parseQuantity(a),
    y = parseQuantity(b);
  return x !== undefined && y !== undefined ? Math.abs(x - y) < 1e-9 * Math.max(1, Math.abs(x)) : a === b;
}

function resourceLines(
  desired: KResources | undefined,
  actual: KResources | undefined,
  allocated: KResourceList | undefined,
  policy: KContainer['resizePolicy'],
): ResourceLine[] {
  const names = new Set<string>();
  for (const l of [desired?.requests, desired?.limits, actual?.requests, actual?.limits, allocated])
    for (const k of Object.keys(l ?? {})) names.add(k);
  return [...names].sort().map(resource => {
    const d = { request: desired?.requests?.[resource], limit: desired?.limits?.[resource] };
    const a = actual ? { request: actual.requests?.[resource], limit: actual.limits?.[resource] } : undefined;
    const line: ResourceLine = {
      resource,
      desired: { request: showQuantity(resource, d.request), limit: showQuantity(resource, d.limit) },
      allocated: showQuantity(resource, allocated?.[resource]),
      actual: a && { request: showQuantity(resource, a.request), limit: showQuantity(resource, a.limit) },
      resizeRestart: policy?.find(p => p.resourceName === resource)?.restartPolicy,
      // Pending only where the spec asks for something the pod does not run with; an unset field
      // runs with what the kubelet computed (e.g. no pod-level limit), which is no pending resize.
      settled:
        a && (d.request !== undefined || d.limit !== undefined)
          ? (d.request === undefined || same(d.request, a.request)) && (d.limit === undefined || same(d.limit, a.limit))
          : undefined,
    };
    return line;
  });
}

/** A container's desired / allocated / actual resources. Empty when neither spec nor status has any. */
export function containerResources(c: KContainer | undefined, s: KContainerStatus | undefined): ResourceLine[] {
  return resourceLines(c?.resources, s?.resources, s?.allocatedResources, c?.resizePolicy);
}

function resizeCondition(conds: readonly KCondition[] | undefined, type: ResizeCondition['type']) {
  const c = (conds ?? []).find(x => x.type === type && x.status === 'True');
  return c
    ? { type, reason: c.reason || undefined, message: c.message || undefined, since: c.lastTransitionTime }
    : undefined;
}

export function podResize(pod: KPod): PodResize {
  const st = pod.status ?? {};
  const gen = pod.metadata?.generation;
  const obs = st.observedGeneration;
  const pod_ =
    pod.spec?.resources || st.resources
      ? resourceLines(pod.spec?.resources, st.resources, st.allocatedResources, undefined)
      : [];
  return {
    pending: resizeCondition(st.conditions, 'PodResizePending'),
    inProgress: resizeCondition(st.conditions, 'PodResizeInProgress'),
    observed: typeof gen === 'number' && typeof obs === 'number' ? { generation: obs, of: gen } : undefined,
    pod: pod_,
  };
}

function pair(x: { request?: string; limit?: string } | undefined): string {
  if (!x || (x.request === undefined && x.limit === undefined)) return 'none';
  return `request ${x.request ?? 'none'}, limit ${x.limit ?? 'none'}`;
}

/** "memory: spec request 48Mi, limit 48Mi · allocated 48Mi · running with request 32Mi, … — not applied yet" */
export function resourceLineText(l: ResourceLine): string {
  const parts = [`spec ${pair(l.desired)}`];
  if (l.allocated !== undefined) parts.push(`allocated ${l.allocated}`);
  if (l.actual) parts.push(`running with ${pair(l.actual)}`);
  const restart = l.resizeRestart === 'RestartContainer' ? ' (a resize restarts the container)' : '';
  const state = l.settled === false ? ' — not applied yet' : '';
  return `${l.resource}: ${parts.join(' · ')}${state}${restart}`;
}

/** "the kubelet has seen generation 1 of 2": the spec changed and the kubelet has not acted on it yet. */
export function observedText(o: PodResize['observed']): string | undefined {
  if (!o) return undefined;
  return o.generation >= o.of
    ? `the kubelet has acted on the latest spec (generation ${o.of})`
    : `the kubelet has seen generation ${o.generation} of ${o.of}: a newer spec is not acted on yet`;
}

/** One sentence for each resize condition that is True. */
export function resizeConditionText(r: PodResize): string[] {
  const out: string[] = [];
  if (r.pending) {
    const why =
      r.pending.reason === 'Infeasible'
        ? 'Infeasible: the node can never fit it; it will not be retried until the spec changes'
        : r.pending.reason === 'Deferred'
          ? 'Deferred: it does not fit on the node now; the kubelet retries when resources free up'
          : (r.pending.reason ?? 'reason not given');
    const msg = r.pending.message ? `. ${oneLine(r.pending.message, 300)}` : '';
    out.push(`Resize pending (PodResizePending): ${why}${msg}`);
  }
  if (r.inProgress) {
    const err = r.inProgress.reason === 'Error' ? ', with an error' : '';
    const msg = r.inProgress.message ? `. ${oneLine(r.inProgress.message, 300)}` : '';
    out.push(`Resize in progress (PodResizeInProgress)${err}: the kubelet has allocated the new resources${msg}`);
  }
  return out;
}
