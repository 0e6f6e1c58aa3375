// Resolve what a command acts on: a tree node, a plain {context, namespace, name} (tests, the
// webview), or nothing, in which case the user picks.
import * as vscode from 'vscode';
import { ClusterRegistry } from '../cluster/registry';
import { ClusterSession } from '../cluster/session';
import { ContainerAnatomy, PodAnatomy } from '../model/anatomy';
import { listPods } from '../model/podList';
import { podRow } from '../model/rows';

export interface PodRef {
  context?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  container?: string;
  containerId?: string;
}
export interface PodTarget {
  session: ClusterSession;
  context: string;
  namespace: string;
  uid: string;
  anatomy: PodAnatomy;
}
export interface ContainerTarget extends PodTarget {
  container: ContainerAnatomy;
}

async function waitSynced(s: ClusterSession, ns: string, ms = 10_000): Promise<void> {
  const w = s.watchNamespace(ns);
  const t0 = Date.now();
  while (w && !w.pods.relists && w.pods.state.phase !== 'failed' && Date.now() - t0 < ms)
    await new Promise(r => setTimeout(r, 50));
}

export async function resolvePod(
  reg: ClusterRegistry,
  arg: unknown,
  placeHolder = 'Pick a pod',
): Promise<PodTarget | undefined> {
  const ref = (arg && typeof arg === 'object' ? arg : {}) as PodRef;
  const context = ref.context ?? reg.currentContext;
  const s = reg.session(context);
  if (!s || !context) {
    void vscode.window.showWarningMessage('Pod X-Ray: no Kubernetes context is selected.');
    return undefined;
  }
  s.start();
  const ns = ref.namespace ?? reg.namespace(context);
  if (ref.uid) {
    await waitSynced(s, ns);
    const a = s.store.anatomy(ref.uid);
    if (a) return { session: s, context, namespace: a.namespace, uid: ref.uid, anatomy: a };
  }
  await waitSynced(s, ns);
  const st = s.namespaceWatch(ns)?.pods.state;
  if (st?.phase === 'failed') {
    // RBAC refusals say which permission is missing (the API's own words name verb and resource).
    void vscode.window.showErrorMessage(
      `Pod X-Ray: ${st.kind === 'forbidden' ? vscode.l10n.t('Forbidden: ') : ''}${st.cause ?? 'cannot list pods'}`,
    );
    return undefined;
  }
  if (ref.name) {
    const uid = s.store.uidByName(ns, ref.name);
    const a = uid ? s.store.anatomy(uid) : undefined;
    if (uid && a) return { session: s, context, namespace: ns, uid, anatomy: a };
    void vscode.window.showWarningMessage(`Pod X-Ray: pod "${ref.name}" not found in namespace "${ns}".`);
    return undefined;
  }
  const items = listPods(s.store, ns).map(({ uid, summary }) => ({
    label: summary.name,
    description: podRow(summary).description,
    uid,
  }));
  if (!items.length) {
    void vscode.window.showInformationMessage(`Pod X-Ray: no pods in namespace "${ns}".`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, {
    placeHolder: `${placeHolder} in ${context} / ${ns}`,
    matchOnDescription: true,
  });
  const a = pick ? s.store.anatomy(pick.uid) : undefined;
  return pick && a ? { session: s, context, namespace: ns, uid: pick.uid, anatomy: a } : undefined;
}

export async function resolveContainer(
  reg: ClusterRegistry,
  arg: unknown,
  filter: (c: ContainerAnatomy) => boolean = () => true,
): Promise<ContainerTarget | undefined> {
  const pod = await resolvePod(reg, arg);
  if (!pod) return undefined;
  const ref = (arg && typeof arg === 'object' ? arg : {}) as PodRef;
  const choices = pod.anatomy.containers.filter(filter);
  let c = ref.container
    ? pod.anatomy.containers.find(x => x.name === ref.container)
    : choices.length === 1
      ? choices[0]
      : undefined;
  if (!c && !ref.container) {
    const pick = await vscode.window.showQuickPick(
      choices.map(x => ({ label: x.name, description: `${x.kind} · ${x.state}`, c: x })),
      { placeHolder: `Pick a container of ${pod.anatomy.name}` },
    );
    c = pick?.c;
  }
  if (!c) {
    if (ref.container)
      void vscode.window.showWarningMessage(
        `Pod X-Ray: container "${ref.container}" not found in pod "${pod.anatomy.name}".`,
      );
    return undefined;
  }
  return { ...pod, container: c };
}
