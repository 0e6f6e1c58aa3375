// The crash radar (issue 19 §3): which containers are in trouble right now, across the watched
// namespaces. Read straight from the pods' statuses and events (no anatomy), so counting thousands
// of pods stays cheap. Each verdict says why, with the status field or event it rests on.
import { KContainerStatus, KEvent, KPod, uidOf } from './k8s';

export type TroubleKind = 'crashloop' | 'oomkilled' | 'unready-warning';

export interface TroubledContainer {
  uid: string;
  namespace: string;
  pod: string;
  container: string;
  kind: TroubleKind;
  /** The evidence, in words. */
  why: string;
}

/** The event's container, from fieldPath `spec.containers{name}` (also initContainers, ephemeralContainers). */
function eventContainer(e: KEvent): string | undefined {
  return /\{([^}]+)\}$/.exec(e.involvedObject?.fieldPath ?? '')?.[1];
}

function troubleOf(s: KContainerStatus, sidecarOrApp: boolean, warnings: KEvent[]): [TroubleKind, string] | undefined {
  if (s.state?.waiting?.reason === 'CrashLoopBackOff') return ['crashloop', 'waiting in CrashLoopBackOff'];
  // Between a crash and its back-off the status says terminated: a container that has restarted before and
  // just failed again is the same loop, not a moment of health (without this the badge flickers with it).
  const failed = s.state?.terminated;
  if (failed && failed.reason !== 'OOMKilled' && (failed.exitCode ?? 0) !== 0 && (s.restartCount ?? 0) > 0)
    return ['crashloop', `failed again (exit ${failed.exitCode}) after ${s.restartCount} restart(s)`];
  const end = s.state?.terminated ?? (s.state?.running || s.state?.waiting ? s.lastState?.terminated : undefined);
  // An OOMKilled end counts while the container has not proved itself since (not ready again).
  if (end?.reason === 'OOMKilled' && (s.state?.terminated || !s.ready))
    return ['oomkilled', `its last instance was OOMKilled (exit ${end.exitCode ?? '?'})`];
  if (sidecarOrApp && !s.ready && s.state?.running) {
    const w = warnings.find(e => {
      const c = eventContainer(e);
      return c === undefined || c === s.name;
    });
    if (w) return ['unready-warning', `not ready; warning event ${w.reason ?? ''}: ${w.message ?? ''}`.trim()];
  }
  return undefined;
}

/** Every troubled container of these pods; `eventsOf` gives a pod's events (by uid). */
export function troubledContainers(pods: Iterable<KPod>, eventsOf: (uid: string) => readonly KEvent[]) {
  const out: TroubledContainer[] = [];
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue; // going away: not a crash to chase
    const uid = uidOf(pod);
    const warnings = eventsOf(uid).filter(e => e.type === 'Warning');
    const st = pod.status;
    const groups: [KContainerStatus[] | undefined, boolean][] = [
      [st?.initContainerStatuses, false],
      [st?.containerStatuses, true],
    ];
    const sidecars = new Set(
      (pod.spec?.initContainers ?? []).filter(c => c.restartPolicy === 'Always').map(c => c.name),
    );
    for (const [list, regular] of groups)
      for (const s of list ?? []) {
        const t = troubleOf(s, regular || sidecars.has(s.name ?? ''), warnings);
        if (t)
          out.push({
            uid,
            namespace: pod.metadata?.namespace ?? 'default',
            pod: pod.metadata?.name ?? '',
            container: s.name ?? '',
            kind: t[0],
            why: t[1],
          });
      }
  }
  return out;
}

/** The badge's tooltip: how many, and of which kind. */
export function radarTooltip(ts: readonly TroubledContainer[]): string {
  if (!ts.length) return 'No troubled containers in the watched namespaces';
  const n = (k: TroubleKind) => ts.filter(t => t.kind === k).length;
  const parts = [
    [n('crashloop'), 'crash-looping'],
    [n('oomkilled'), 'OOMKilled'],
    [n('unready-warning'), 'not ready with warning events'],
  ]
    .filter(([c]) => c)
    .map(([c, w]) => `${c} ${w}`);
  return `${ts.length} troubled container${ts.length > 1 ? 's' : ''}: ${parts.join(', ')}`;
}

/** The "Troubled" filter's rule, the badge's own: this pod has at least one troubled container. */
export function isTroubledPod(pod: KPod, events: readonly KEvent[]): boolean {
  return troubledContainers([pod], () => events).length > 0;
}

/** The "Troubled" filter: pods with at least one troubled container. */
export function troubledPodUids(ts: readonly TroubledContainer[]): Set<string> {
  return new Set(ts.map(t => t.uid));
}
