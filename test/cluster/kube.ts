// Helpers shared by the cluster tests: kubectl against the local cluster, polling, pod shapes.
import { execFileSync, spawn } from 'child_process';
import type { Condition, ContainerStatus, Pod } from '../shared/cluster';

// The pod shapes are the shared ones (test/shared/cluster.ts): the cluster tests read the same fields.
export type { Condition, ContainerStatus, Pod, State } from '../shared/cluster';

export const ADMIN = process.env.POD_XRAY_ADMIN_KUBECONFIG!;
export const RESTRICTED = process.env.POD_XRAY_RESTRICTED_KUBECONFIG!;
export const KUBECTL = process.env.KUBECTL_BIN!;
export const CLUSTER_SH = process.env.POD_XRAY_CLUSTER_SH!;
export const DIR = process.env.POD_XRAY_CLUSTER!;

export function kubectl(kubeconfig: string, ...args: string[]): string {
  return execFileSync(KUBECTL, [`--kubeconfig=${kubeconfig}`, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
export function kubectlIn(input: string, ...args: string[]): string {
  return execFileSync(KUBECTL, [`--kubeconfig=${ADMIN}`, ...args], {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
export function tryKubectl(kubeconfig: string, ...args: string[]): { ok: boolean; out: string } {
  try {
    return { ok: true, out: kubectl(kubeconfig, ...args) };
  } catch (e) {
    return { ok: false, out: String((e as { stderr?: string }).stderr ?? e) };
  }
}

export const pod = (name: string, ns = 'demo'): Pod =>
  JSON.parse(kubectl(ADMIN, 'get', 'pod', name, '-n', ns, '-o', 'json')) as Pod;
export const podsBy = (selector: string, ns = 'demo'): Pod[] =>
  (JSON.parse(kubectl(ADMIN, 'get', 'pods', '-n', ns, '-l', selector, '-o', 'json')) as { items: Pod[] }).items;
export const cs = (p: Pod, name: string): ContainerStatus | undefined =>
  [
    ...(p.status.containerStatuses ?? []),
    ...(p.status.initContainerStatuses ?? []),
    ...(p.status.ephemeralContainerStatuses ?? []),
  ].find(c => c.name === name);
export const cond = (p: Pod, type: string): Condition | undefined => p.status.conditions?.find(c => c.type === type);
export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
export async function until<T>(what: string, ms: number, f: () => T | undefined | false, every = 500): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}
/** `kubectl get -w` in the background: every line it prints, until stop(). */
export function watchLines(...args: string[]): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const p = spawn(KUBECTL, [`--kubeconfig=${ADMIN}`, 'get', '-w', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  let buf = '';
  p.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts.filter(l => l.trim()));
  });
  return {
    lines,
    stop: () => {
      p.kill();
    },
  };
}
/** A copy of a scenario pod under a new name (tests that delete or alter a pod work on a copy). */
export function copyPod(from: string, name: string, ns = 'demo'): Pod {
  const p = pod(from, ns) as Pod & { metadata: Record<string, unknown>; status?: unknown };
  const body = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { ...(p.metadata.labels ?? {}), 'pod-xray/copy-of': from } },
    spec: p.spec,
  };
  kubectlIn(JSON.stringify(body), 'create', '-f', '-');
  return pod(name, ns);
}
export const mi = (q: string | undefined): number => {
  // "48Mi" | "50331648" -> MiB
  if (!q) return NaN;
  const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(q);
  if (!m) return NaN;
  return Number(m[1]) * ({ Ki: 1 / 1024, Mi: 1, Gi: 1024 }[m[2] as 'Ki' | 'Mi' | 'Gi'] ?? 1 / (1024 * 1024));
};
/** `kubectl get -w -o json` in the background: every object it prints (pretty JSON, one after another). */
export function watchObjects<T>(...args: string[]): { objects: T[]; stop: () => void } {
  const objects: T[] = [];
  const p = spawn(KUBECTL, [`--kubeconfig=${ADMIN}`, 'get', '-w', '-o', 'json', ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let buf = '',
    depth = 0,
    inStr = false,
    esc = false,
    start = -1,
    i = 0;
  p.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (; i < buf.length; i++) {
      const ch = buf[i];
      if (inStr) {
        if (esc) esc = false;
        else if (ch === '\\') esc = true;
        else if (ch === '"') inStr = false;
        continue;
      }
      if (ch === '"') inStr = true;
      else if (ch === '{') {
        if (depth++ === 0) start = i;
      } else if (ch === '}' && --depth === 0) {
        objects.push(JSON.parse(buf.slice(start, i + 1)) as T);
        buf = buf.slice(i + 1);
        i = -1;
      }
    }
  });
  return {
    objects,
    stop: () => {
      p.kill();
    },
  };
}
