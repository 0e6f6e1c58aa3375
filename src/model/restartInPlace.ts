// Restart all containers in place (Kubernetes ≥ 1.35, RestartAllContainersOnContainerExits): a
// restart *round*. A container's restart rule with action RestartAllContainers makes the kubelet
// kill every container and run the init containers again, in the SAME sandbox: the IP, UID and
// volumes stay. It is not a new sandbox generation. The kubelet marks it with a pod condition
// (AllContainersRestarting in 1.37; PodRestartInPlace in some earlier builds) and ends the old
// instances with reason RestartingAllContainers (exit 137, no start/finish times).
import { KCondition, KPod } from './k8s';

export const RESTART_IN_PLACE_CONDITIONS = ['AllContainersRestarting', 'PodRestartInPlace'];
export const RESTART_IN_PLACE_REASON = 'RestartingAllContainers';

export interface RestartInPlace {
  /** Which condition the API server sent, when it sent one. */
  condition?: string;
  /** A round is under way now (condition True). */
  inProgress: boolean;
  /** When the condition last changed (started or ended a round). */
  since?: string;
  /** Containers whose previous instance ended with the round. */
  containers: string[];
  evidence: string;
}

function roundCondition(conditions: readonly KCondition[] | undefined): KCondition | undefined {
  return (conditions ?? []).find(c => RESTART_IN_PLACE_CONDITIONS.includes(c.type ?? ''));
}

/** A previous instance that ended because the kubelet restarted all containers in place. */
export function endedByRestartInPlace(t: { reason?: string } | undefined): boolean {
  return t?.reason === RESTART_IN_PLACE_REASON;
}

/**
 * What the pod says about in-place restart rounds; undefined when it says nothing (older API
 * servers, or the feature never used: the condition stays False from the pod's start).
 */
export function restartInPlaceOf(pod: KPod): RestartInPlace | undefined {
  const st = pod.status ?? {};
  const cond = roundCondition(st.conditions);
  const all = [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])];
  const containers = all.filter(s => endedByRestartInPlace(s.lastState?.terminated)).map(s => s.name ?? '?');
  const inProgress = cond?.status === 'True';
  if (!inProgress && !containers.length) return undefined;
  const parts: string[] = [];
  if (cond) parts.push(`condition ${cond.type} ${cond.status}${cond.reason ? ` (${cond.reason})` : ''}`);
  if (containers.length) parts.push(`previous instances ended with reason ${RESTART_IN_PLACE_REASON}`);
  return {
    condition: cond?.type,
    inProgress,
    since: cond?.lastTransitionTime,
    containers,
    evidence: parts.join('; '),
  };
}

/**
 * For the history fold: every regular container restarted in one update, and this was an
 * in-place round (not a sandbox recreation). True when the round's condition is True now, or
 * when each restarted container's previous instance ended with reason RestartingAllContainers.
 */
export function isRestartInPlaceRound(
  a: { restartInPlace?: RestartInPlace },
  restarted: readonly { lastTermination?: { reason?: string } }[],
): boolean {
  if (a.restartInPlace?.inProgress) return true;
  return restarted.length > 0 && restarted.every(c => endedByRestartInPlace(c.lastTermination));
}
