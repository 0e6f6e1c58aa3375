// Shared by the integration suites: the extension's API and settings; waiting and the independent
// view of the cluster through kubectl (not our own client) come from test/shared, as in the e2e suites.
import * as vscode from 'vscode';
import type { PodXrayApi } from '../../src/extension';
import { waitFor } from '../shared/wait';

export { waitFor };
export {
  ADMIN,
  RESTRICTED,
  CLUSTER_SH,
  hasCluster,
  kubectl,
  kubectlJson,
  clusterSh,
  scenarioPod,
  freshPod,
  apiCall,
  ephemeralContainerPatch,
} from '../shared/cluster';

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

/** The model's pod by name; with uid, only that incarnation (a recreated pod keeps its name). */
export function anatomyOf(x: PodXrayApi, name: string, ns = 'demo', only?: string) {
  const s = x.registry.session(x.registry.currentContext)!;
  const uid = only ?? s.store.uidByName(ns, name);
  return uid && s.store.pod(uid)?.metadata?.name === name ? { uid, a: s.store.anatomy(uid)!, s } : undefined;
}
