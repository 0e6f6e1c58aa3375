// Show Pod Anatomy: open (or reveal) the pod's anatomy panel.
import * as vscode from 'vscode';
import { podRefOf, resolvePod } from '../targets';
import { ActionDeps, action } from './action';

export const showAnatomyAction = (d: ActionDeps): vscode.Disposable =>
  action('podXray.showAnatomy', async arg => {
    const t = await resolvePod(d.reg, podRefOf(arg), vscode.l10n.t('Show the anatomy of a pod'));
    if (t) d.panels.show(t);
    return t ? true : undefined;
  });
