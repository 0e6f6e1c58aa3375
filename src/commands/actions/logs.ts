// Show Logs (followed) and Show Previous Logs, under a header naming the exact instance.
import * as vscode from 'vscode';
import { streamLogs } from '../../cluster/actions';
import { isNoPreviousInstance, logFailure, logStreamEnded, logTitle, noPreviousInstance } from '../../model/actionText';
import { logHeader } from '../../model/logHeader';
import { PodDocuments } from '../../views/documents';
import { resolveContainer } from '../targets';
import { ActionDeps, action, errorText, showError, targetOf, refusedRecorded } from './action';

async function logs(d: ActionDeps, arg: unknown, previous: boolean): Promise<vscode.Uri | undefined> {
  const t = await resolveContainer(d.reg, targetOf(d, arg));
  if (!t || refusedRecorded(t, previous ? 'previous-logs' : 'logs')) return undefined;
  const uri = PodDocuments.uri(
    previous ? 'previous-logs' : 'logs',
    [t.context, t.namespace, t.anatomy.name, t.container.name],
    'log',
    logTitle(t.anatomy.name, t.container.name, previous),
  );
  // The header names the exact instance the kubelet returns (number, container ID, start–end).
  d.docs.set(uri, logHeader(t.anatomy.name, t.container, previous));
  await d.docs.open(uri, 'log');
  try {
    const stop = await streamLogs(
      t.session,
      { namespace: t.namespace, pod: t.anatomy.name, container: t.container.name, previous, follow: !previous },
      text => d.docs.append(uri, text),
      err => {
        const end = logStreamEnded(previous, err ? String(err.message) : undefined);
        if (end) d.docs.append(uri, end);
      },
    );
    d.docs.own(uri, stop);
  } catch (e) {
    const msg = errorText(e);
    if (previous && isNoPreviousInstance(msg)) {
      d.docs.append(uri, noPreviousInstance(msg));
    } else {
      d.docs.append(uri, logFailure(msg));
      showError(e);
    }
  }
  return uri;
}

export const logActions = (d: ActionDeps): vscode.Disposable[] => [
  action('podXray.showLogs', arg => logs(d, arg, false)),
  action('podXray.showPreviousLogs', arg => logs(d, arg, true)),
];
