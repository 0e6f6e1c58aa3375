// Where a context's pods are watched from. "All Namespaces" asks for one cluster-wide list+watch
// (GET /api/v1/pods): one connection for every namespace, and the crash radar counts them all.
// Not every user may list pods cluster-wide: the API answers 403, and it stays 403 until RBAC
// changes, so Pod X-Ray falls back to one watch per namespace shown, and says why.
import { KPod } from './k8s';

export type PodScope =
  | { kind: 'cluster' }
  /** `why`: set when All Namespaces was asked for and the cluster-wide list was refused. */
  | { kind: 'namespace'; why?: string };

/** A failure of the cluster-wide pod watch, as the cluster layer classifies it. */
export interface ScopeFailure {
  kind?: string;
  cause?: string;
}

/**
 * The scope to watch with. Only a refusal (forbidden, unauthorized) moves to per-namespace
 * watches; a network failure or a server error is retried cluster-wide like any watch.
 */
export function podScope(allNamespaces: boolean, failure?: ScopeFailure): PodScope {
  if (!allNamespaces) return { kind: 'namespace' };
  if (failure && (failure.kind === 'forbidden' || failure.kind === 'unauthorized'))
    return {
      kind: 'namespace',
      why: `listing pods in all namespaces is not allowed (${failure.cause ?? failure.kind}); each namespace is watched on its own when shown`,
    };
  return { kind: 'cluster' };
}

/** A cluster-wide page or list, by namespace, each namespace's pods in the order they came. */
export function byNamespace(pods: readonly KPod[]): Map<string, KPod[]> {
  const out = new Map<string, KPod[]>();
  for (const p of pods) {
    const ns = p.metadata?.namespace ?? 'default';
    let list = out.get(ns);
    if (!list) out.set(ns, (list = []));
    list.push(p);
  }
  return out;
}
