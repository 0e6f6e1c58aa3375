// Delete Pod: says what happens to the sandbox and whether a controller brings the pod back.
// Destructive: asks first, refused in read-only mode.
import * as vscode from 'vscode';
import { deletePod } from '../../cluster/actions';
import { deleteConfirmation } from '../../model/actionText';
import { resolvePod } from '../targets';
import { ActionDeps, action, confirmed, refusedReadOnly, targetOf, refusedRecorded } from './action';

async function remove(d: ActionDeps, arg: unknown): Promise<boolean | undefined> {
  if (refusedReadOnly(vscode.l10n.t('Delete Pod'))) return undefined;
  const t = await resolvePod(d.reg, targetOf(d, arg), vscode.l10n.t('Pick a pod to delete'));
  if (!t || refusedRecorded(t, 'delete')) return undefined;
  const owners = t.session.store.pod(t.uid)?.metadata?.ownerReferences;
  const owner = owners?.find(o => o.controller) ?? owners?.[0];
  const ask = deleteConfirmation(vscode.l10n, t.anatomy.name, t.namespace, t.anatomy.sandbox.podIP, owner);
  if (!(await confirmed(d, arg, ask))) return undefined;
  await deletePod(t.session, t.namespace, t.anatomy.name);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Deleted pod {0}', t.anatomy.name), 4000);
  return true;
}

export const deletePodAction = (d: ActionDeps): vscode.Disposable => action('podXray.deletePod', arg => remove(d, arg));
