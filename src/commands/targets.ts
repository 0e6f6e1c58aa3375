// Resolve what a command acts on: a tree node, a plain reference (tests, the webview), or
// nothing, in which case the user picks.
import * as vscode from 'vscode';
import { ClusterRegistry } from '../cluster/registry';
import { ClusterSession } from '../cluster/session';
import { ContainerTarget, PodTarget } from '../cluster/targets';
import { ContainerAnatomy } from '../model/anatomy';
import { listPods } from '../model/podList';
import { ContainerRef, refOfArg } from '../model/refs';
import { podRow } from '../model/rows';
import { Node } from '../views/tree/provider';

export type { ContainerTarget, PodTarget } from '../cluster/targets';

/** The namespace's pods are listed (or the watch failed): at most `ms`, then we go on with what we have. */
async function synced(s: ClusterSession, ns: string, ms = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([s.whenSynced(ns), new Promise(r => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

export async function resolvePod(
  reg: ClusterRegistry,
  arg: unknown,
  placeHolder = 'Pick a pod',
): Promise<PodTarget | undefined> {
  const ref = refOfArg(arg);
  const context = ref.context ?? reg.currentContext;
  const s = reg.session(context);
  if (!s || !context) {
    void vscode.window.showWarningMessage('Pod X-Ray: no Kubernetes context is selected.');
    return undefined;
  }
  s.start();
  const ns = ref.namespace ?? reg.namespace(context);
  await synced(s, ns);
  if (ref.uid) {
    const a = s.store.anatomy(ref.uid);
    if (a) return { session: s, context, namespace: a.namespace, uid: ref.uid, anatomy: a };
  }
  const st = s.namespaceState(ns);
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
  const ref = refOfArg(arg);
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

/** A tree node -> the reference it stands for; anything else is passed on as it is. */
export function podRefOf(arg: unknown): unknown {
  const n = arg as Node | undefined;
  if (!n || typeof n !== 'object' || !('type' in n)) return arg;
  if (n.type === 'pod' || n.type === 'sandbox')
    return { context: n.context, namespace: n.namespace, uid: n.uid } satisfies ContainerRef;
  if (n.type === 'container' || n.type === 'instance')
    return { context: n.context, namespace: n.namespace, uid: n.uid, container: n.container } satisfies ContainerRef;
  return undefined;
}
