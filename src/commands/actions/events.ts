// Show Events: the pod's events, oldest first, kept up to date.
import * as vscode from 'vscode';
import { PodTarget } from '../../cluster/targets';
import { eventsDocument } from '../../model/actionText';
import { resolvePod } from '../targets';
import { ActionDeps, action, targetOf } from './action';
import { liveDoc } from './liveDoc';

const render = (t: PodTarget) =>
  eventsDocument(t.namespace, t.anatomy.name, t.session.store.eventsOf(t.uid), t.session.info.recorded);

export const eventsAction = (d: ActionDeps): vscode.Disposable =>
  action('podXray.showEvents', async arg => {
    const t = await resolvePod(d.reg, targetOf(d, arg));
    if (!t) return undefined;
    const u = await liveDoc(d, t, 'events', 'log', render, ['event', 'pod'], `${t.anatomy.name} · events`);
    await d.docs.open(u, 'log');
    return u;
  });
