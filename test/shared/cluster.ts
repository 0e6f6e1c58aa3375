// The local cluster seen independently of our own client (kubectl and raw API calls as the admin),
// shared by the integration suites (inside the extension host) and the e2e suites (plain Node).
// Plain Node only: no `vscode` import here.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ADMIN = process.env.POD_XRAY_ADMIN_KUBECONFIG ?? '';
export const RESTRICTED = process.env.POD_XRAY_RESTRICTED_KUBECONFIG ?? '';
export const CLUSTER_SH = process.env.POD_XRAY_CLUSTER_SH ?? '';
export const KUBECTL = process.env.KUBECTL_BIN ?? '';
export const hasCluster = () => !!ADMIN && !!KUBECTL;

export interface State {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { exitCode: number; reason?: string; startedAt?: string; finishedAt?: string; containerID?: string };
}
export interface ContainerStatus {
  name: string;
  restartCount: number;
  containerID?: string;
  ready?: boolean;
  started?: boolean;
  state?: State;
  lastState?: State;
  allocatedResources?: Record<string, string>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  stopSignal?: string;
}
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}
export interface Pod {
  metadata: {
    name: string;
    uid: string;
    generation?: number;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
    deletionTimestamp?: string;
  };
  spec: Record<string, unknown> & {
    nodeName?: string;
    containers?: { name: string; command?: string[] }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string; targetContainerName?: string }[];
  };
  status: {
    podIP?: string;
    phase?: string;
    observedGeneration?: number;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    ephemeralContainerStatuses?: ContainerStatus[];
  };
}

/** kubectl as the admin; input (a manifest) goes to its stdin. */
export function kubectl(...args: string[]): string {
  return execFileSync(KUBECTL, [`--kubeconfig=${ADMIN}`, ...args], {
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
export function kubectlIn(input: string, ...args: string[]): string {
  return execFileSync(KUBECTL, [`--kubeconfig=${ADMIN}`, ...args], { encoding: 'utf8', input });
}
export function kubectlJson<T>(...args: string[]): T {
  return JSON.parse(kubectl(...args, '-o', 'json')) as T;
}
export const podJson = (name: string, ns = 'demo'): Pod => kubectlJson<Pod>('get', 'pod', name, '-n', ns);
export function clusterSh(...args: string[]): string {
  return execFileSync('bash', [CLUSTER_SH, ...args], { encoding: 'utf8' });
}

/** Delete a pod now (no grace period), whether it exists or not. */
export const forceDeletePod = (name: string, ns = 'demo', ...more: string[]) =>
  kubectl('delete', 'pod', name, '-n', ns, '--ignore-not-found', '--grace-period=0', '--force', ...more);

/** One scenario pod's manifest from scripts/cluster/scenarios.yaml (applying the whole file would
 *  also try to undo what other tests did to other pods, e.g. an in-place resize, which the API refuses). */
export function scenarioPod(name: string): string {
  const file = path.join(CLUSTER_SH, '..', 'cluster', 'scenarios.yaml');
  const doc = fs
    .readFileSync(file, 'utf8')
    .split(/^---$/m)
    .find(d => /^kind: Pod$/m.test(d) && new RegExp(`^  name: ${name}$`, 'm').test(d));
  if (!doc) throw new Error(`no pod ${name} in ${file}`);
  return doc;
}

/**
 * Recreate one scenario pod so its crash back-off starts from 10 s again. Returns the new pod's
 * uid: the model may still hold the deleted one for a moment, under the same name.
 */
export function freshPod(name: string): string {
  kubectl('delete', 'pod', name, '-n', 'demo', '--grace-period=1', '--wait=true', '--ignore-not-found');
  kubectlIn(scenarioPod(name), 'apply', '-f', '-');
  return kubectl('get', 'pod', name, '-n', 'demo', '-o', 'jsonpath={.metadata.uid}').trim();
}

/** kubectl arguments that add a busybox debug container `name` to a pod, targeting one of its
 *  containers (the ephemeralcontainers subresource: what `kubectl debug` does). */
export function ephemeralContainerPatch(pod: string, name: string, target = 'app', ns = 'demo'): string[] {
  const container = {
    name,
    image: 'docker.io/local/busybox:test',
    imagePullPolicy: 'Never',
    targetContainerName: target,
    command: ['/bin/sh', '-c', 'sleep 3600'],
  };
  const patch = JSON.stringify({ spec: { ephemeralContainers: [container] } });
  return ['patch', 'pod', pod, '-n', ns, '--subresource', 'ephemeralcontainers', '--type', 'strategic', '-p', patch];
}

/** A raw API call as the admin (status subresource writes that kubectl 1.20 cannot do). */
export function apiCall(
  method: string,
  urlPath: string,
  body?: unknown,
  contentType = 'application/merge-patch+json',
): Promise<{ status: number; text: string }> {
  const https = require('https') as typeof import('https');
  const yaml = require('yaml') as typeof import('yaml');
  const kc = yaml.parse(fs.readFileSync(ADMIN, 'utf8')) as {
    clusters: { cluster: { server: string } }[];
    users: { user: { token: string } }[];
  };
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(urlPath, kc.clusters[0].cluster.server),
      {
        method,
        rejectUnauthorized: false,
        headers: {
          Authorization: `Bearer ${kc.users[0].user.token}`,
          ...(data ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(data) } : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) < 300) resolve({ status: res.statusCode!, text });
          else reject(new Error(`${method} ${urlPath}: ${res.statusCode} ${text.slice(0, 300)}`));
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}
