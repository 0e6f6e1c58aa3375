// Open Manifest: the live pod as YAML (hovers explain its fields), kept up to date.
import * as vscode from 'vscode';
import { PodTarget } from '../../cluster/targets';
import { manifestDocument, manifestUnreadable } from '../../model/actionText';
import { resolvePod } from '../targets';
import { ActionDeps, action, targetOf } from './action';
import { liveDoc } from './liveDoc';

// The store keeps a projection of each pod (row, anatomy, history): the manifest is the whole
// object, read from the API server on opening and on every change of the pod.
const render = async (t: PodTarget) => {
  try {
    const pod = await t.session.fullPod(t.namespace, t.anatomy.name, t.uid);
    return manifestDocument(t.namespace, t.anatomy.name, pod, t.session.info.recorded);
  } catch (e) {
    return manifestUnreadable(t.namespace, t.anatomy.name, (e as Error).message);
  }
};

export const manifestAction = (d: ActionDeps): vscode.Disposable =>
  action('podXray.openManifest', async arg => {
    const t = await resolvePod(d.reg, targetOf(d, arg));
    if (!t) return undefined;
    const u = await liveDoc(d, t, 'pod', 'yaml', render, ['pod'], t.anatomy.name);
    await d.docs.open(u, 'yaml');
    return u;
  });
