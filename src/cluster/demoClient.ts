// The demo's transport: answers the same list and watch requests as an API server, from a DemoReplay.
// Sessions and reflectors use it exactly like ApiClient; nothing above src/cluster knows the difference.
// It reaches no network: every other request is refused with the reason.
import { needsRealCluster } from '../model/recorded';
import { ApiTransport } from './client';
import { DemoKind, DemoReplay, DEMO_NAMESPACE } from './demoReplay';
import { ApiError } from './errors';

interface Route {
  kind: DemoKind | 'Namespace';
  namespace?: string;
}

/** Which collection a request path names (query stripped), or undefined for anything else. */
export function routeOf(path: string): Route | undefined {
  const p = path.split('?')[0];
  if (p === '/api/v1/namespaces') return { kind: 'Namespace' };
  if (p === '/api/v1/nodes') return { kind: 'Node' };
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|events)$/.exec(p);
  if (!m) return undefined;
  return { kind: m[2] === 'pods' ? 'Pod' : 'Event', namespace: decodeURIComponent(m[1]) };
}

export class DemoClient implements ApiTransport {
  constructor(readonly replay: DemoReplay) {}

  resetAuth(): void {
    /* nothing to authenticate */
  }

  async getJson<T>(path: string, what = path): Promise<T> {
    const one = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/?]+)$/.exec(path);
    if (one) {
      // One pod (the manifest): as the recording has it now.
      const [ns, name] = [decodeURIComponent(one[1]), decodeURIComponent(one[2])];
      const pod = this.replay.list('Pod', ns).items.find(p => p.metadata?.name === name);
      if (!pod) throw new ApiError(`${what}: not found`, 404, 'not-found');
      return pod as T;
    }
    const r = routeOf(path);
    if (!r) throw new ApiError(`${what}: not part of the recording`, 404, 'not-found');
    if (r.kind === 'Namespace') {
      const items = [{ metadata: { name: DEMO_NAMESPACE, uid: 'demo-namespace' }, status: { phase: 'Active' } }];
      return { kind: 'NamespaceList', items, metadata: { resourceVersion: this.replay.resourceVersion } } as T;
    }
    const l = this.replay.list(r.kind, r.namespace);
    return { kind: `${r.kind}List`, items: l.items, metadata: { resourceVersion: l.resourceVersion } } as T;
  }

  watch(
    path: string,
    onEvent: (ev: { type: string; object: unknown }) => void,
    signal: AbortSignal,
    what = path,
  ): Promise<void> {
    const r = routeOf(path);
    if (!r) return Promise.reject(new ApiError(`${what}: not part of the recording`, 404, 'not-found'));
    const rv = new URLSearchParams(path.split('?')[1] ?? '').get('resourceVersion') ?? undefined;
    return new Promise<void>((resolve, reject) => {
      let off = () => {};
      const end = () => {
        off();
        resolve();
      };
      if (signal.aborted) return end();
      signal.addEventListener('abort', end, { once: true });
      if (r.kind === 'Namespace') return; // the one namespace never changes
      let failed = false;
      try {
        off = this.replay.watch(r.kind, rv, e => {
          if (failed || (r.namespace !== undefined && e.object.metadata?.namespace !== r.namespace)) return;
          try {
            onEvent({ type: e.type, object: e.object });
          } catch (err) {
            failed = true;
            signal.removeEventListener('abort', end);
            off();
            reject(err);
          }
        });
        if (failed) off(); // failed while catching up, before `off` was known
      } catch (e) {
        signal.removeEventListener('abort', end);
        reject(
          (e as { gone?: boolean }).gone
            ? new ApiError(`${what}: resource version too old`, 410, 'gone')
            : (e as Error),
        );
      }
    });
  }

  delete(): Promise<void> {
    return Promise.reject(new ApiError(needsRealCluster('delete', true)!, undefined, 'config'));
  }

  streamText(): Promise<() => void> {
    return Promise.reject(new ApiError(needsRealCluster('logs', true)!, undefined, 'config'));
  }
}
