// Shared by the integration suites: the extension's API, settings, waiting, and an independent
// view of the cluster through kubectl (not our own client).
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import type { PodXrayApi } from '../../src/extension';

export const ADMIN = process.env.POD_XRAY_ADMIN_KUBECONFIG ?? '';
export const RESTRICTED = process.env.POD_XRAY_RESTRICTED_KUBECONFIG ?? '';
export const CLUSTER_SH = process.env.POD_XRAY_CLUSTER_SH ?? '';
export const hasCluster = () => !!ADMIN && !!process.env.KUBECTL_BIN;

export async function api(): Promise<PodXrayApi> {
  const ext = vscode.extensions.getExtension<PodXrayApi>('pod-xray.pod-xray')!;
  return ext.isActive ? ext.exports : ext.activate();
}

export async function useKubeconfig(file: string): Promise<PodXrayApi> {
  const x = await api();
  await vscode.workspace.getConfiguration('podXray').update('kubeconfig', file, vscode.ConfigurationTarget.Global);
  await waitFor('kubeconfig reload', 10_000, () => x.registry.load.files[0] === file);
  return x;
}

export async function waitFor<T>(
  what: string,
  ms: number,
  f: () => T | undefined | false | Promise<T | undefined | false>,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

export function kubectl(...args: string[]): string {
  return execFileSync(process.env.KUBECTL_BIN!, [`--kubeconfig=${ADMIN}`, ...args], {
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
export function kubectlJson<T>(...args: string[]): T {
  return JSON.parse(kubectl(...args, '-o', 'json')) as T;
}
export function clusterSh(...args: string[]): string {
  return execFileSync('bash', [CLUSTER_SH, ...args], { encoding: 'utf8' });
}

/** A pod's anatomy by name in the current context. */
/** The model's pod by name; with uid, only that incarnation (a recreated pod keeps its name). */
export function anatomyOf(x: PodXrayApi, name: string, ns = 'demo', only?: string) {
  const s = x.registry.session(x.registry.currentContext)!;
  const uid = only ?? s.store.uidByName(ns, name);
  return uid && s.store.pod(uid)?.metadata?.name === name ? { uid, a: s.store.anatomy(uid)!, s } : undefined;
}

/**
 * Recreate one scenario pod so its crash back-off starts from 10 s again. Returns the new pod's
 * uid: the model may still hold the deleted one for a moment, under the same name.
 */
/** One scenario pod's manifest from scripts/cluster/scenarios.yaml (applying the whole file would
 *  also try to undo what other tests did to other pods, e.g. an in-place resize, which the API refuses). */
export function scenarioPod(name: string): string {
  const file = require('path').join(CLUSTER_SH, '..', 'cluster', 'scenarios.yaml');
  const doc = (require('fs').readFileSync(file, 'utf8') as string)
    .split(/^---$/m)
    .find(d => /^kind: Pod$/m.test(d) && new RegExp(`^  name: ${name}$`, 'm').test(d));
  if (!doc) throw new Error(`no pod ${name} in ${file}`);
  return doc;
}

export function freshPod(name: string): string {
  kubectl('delete', 'pod', name, '-n', 'demo', '--grace-period=1', '--wait=true', '--ignore-not-found');
  execFileSync(process.env.KUBECTL_BIN!, [`--kubeconfig=${ADMIN}`, 'apply', '-f', '-'], {
    input: scenarioPod(name),
    encoding: 'utf8',
  });
  return kubectl('get', 'pod', name, '-n', 'demo', '-o', 'jsonpath={.metadata.uid}').trim();
}

/** A raw API call as the admin (status subresource writes that kubectl 1.20 cannot do). */
export function apiCall(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/merge-patch+json',
): Promise<{ status: number; text: string }> {
  const https = require('https') as typeof import('https');
  const yaml = require('yaml') as typeof import('yaml');
  const kc = yaml.parse(require('fs').readFileSync(ADMIN, 'utf8')) as {
    clusters: { cluster: { server: string } }[];
    users: { user: { token: string } }[];
  };
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, kc.clusters[0].cluster.server),
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
          else reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}
