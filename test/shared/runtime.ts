// The container runtime's own account of a pod, read with containerd's `ctr` on the node (not
// through the API): which sandboxes it made, which is running, their IPs, and which sandbox
// each container ran in. Tests hold what Pod X-Ray shows against it.
import { execFileSync } from 'child_process';
import { CLUSTER_SH, clusterSh } from './cluster';

export interface RuntimeSandbox {
  id: string;
  running: boolean;
  ip?: string;
  createdAt: string;
}
export interface RuntimeContainer {
  id: string;
  name: string;
  sandboxId: string;
  running: boolean;
  createdAt: string;
}
export interface RuntimeView {
  sandboxes: RuntimeSandbox[];
  containers: RuntimeContainer[];
  running(): RuntimeSandbox | undefined;
}

interface CtrInfo {
  ID: string;
  CreatedAt: string;
  Labels: Record<string, string>;
  Extensions?: Record<string, { value: string }>;
}

const ctr = (...args: string[]) =>
  execFileSync('bash', [CLUSTER_SH, 'ctr', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function metadata(info: CtrInfo, kind: 'sandbox' | 'container'): Record<string, unknown> {
  const ext = info.Extensions?.[`io.cri-containerd.${kind}.metadata`];
  if (!ext) return {};
  return (JSON.parse(Buffer.from(ext.value, 'base64').toString('utf8')) as { Metadata: Record<string, unknown> })
    .Metadata;
}

function infoOf(id: string): CtrInfo | undefined {
  try {
    return JSON.parse(ctr('containers', 'info', id)) as CtrInfo;
  } catch (e) {
    if (/not found/.test(String((e as { stderr?: string }).stderr ?? e))) return undefined;
    throw e;
  }
}

function runningTasks(): Set<string> {
  const rows = ctr('tasks', 'ls').split('\n').slice(1);
  return new Set(
    rows
      .map(r => r.trim().split(/\s+/))
      .filter(c => c[2] === 'RUNNING')
      .map(c => c[0]),
  );
}

/** Everything containerd still holds for the pod with this UID (the kubelet may have collected old ones). */
export function runtimeOf(uid: string): RuntimeView {
  const ids = ctr('containers', 'ls', '-q', `labels."io.kubernetes.pod.uid"==${uid}`).split('\n').filter(Boolean);
  const running = runningTasks();
  const sandboxes: RuntimeSandbox[] = [];
  const containers: RuntimeContainer[] = [];
  for (const id of ids) {
    const info = infoOf(id);
    if (!info) continue; // collected by the kubelet between the listing and now
    if (info.Labels['io.cri-containerd.kind'] === 'sandbox') {
      const m = metadata(info, 'sandbox');
      sandboxes.push({ id, running: running.has(id), ip: (m.IP as string) || undefined, createdAt: info.CreatedAt });
    } else {
      const m = metadata(info, 'container');
      containers.push({
        id,
        name: info.Labels['io.kubernetes.container.name'],
        sandboxId: m.SandboxID as string,
        running: running.has(id),
        createdAt: info.CreatedAt,
      });
    }
  }
  sandboxes.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { sandboxes, containers, running: () => sandboxes.find(s => s.running) };
}

/** Kill the pod's running sandbox (the pause process) and return the ID the runtime gave it. */
export function killSandbox(pod: string, ns: string): string {
  return clusterSh('kill-sandbox', pod, ns).trim().split('\n').pop()!;
}
