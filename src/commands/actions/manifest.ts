// Open Manifest: the live pod as YAML (hovers explain its fields), kept up to date.
import * as vscode from 'vscode';
import { PodTarget } from '../../cluster/targets';
import { manifestDocument } from '../../model/actionText';
import { resolvePod } from '../targets';
import { ActionDeps, action, targetOf } from './action';
import { liveDoc } from './liveDoc';

const render = (t: PodTarget) =>
  manifestDocument(t.namespace, t.anatomy.name, t.session.store.pod(t.uid), t.session.info.recorded);

export const manifestAction = (d: ActionDeps): vscode.Disposable =>
  action('podXray.openManifest', async arg => {
    const t = await resolvePod(d.reg, targetOf(d, arg));
    if (!t) return undefined;
    const u = liveDoc(d, t, 'pod', 'yaml', render, ['pod'], t.anatomy.name);
    await d.docs.open(u, 'yaml');
    return u;
  });
