// Crash Container: SIGTERM to the container's main process, then watch the kubelet start a new
// instance in the same sandbox. Destructive: asks first, refused in read-only mode.
import * as vscode from 'vscode';
import { execIn } from '../../cluster/actions';
import { ContainerTarget } from '../../cluster/targets';
import {
  CrashResult,
  crashConfirmation,
  crashNoRestart,
  crashNotSent,
  crashRefusedWhy,
  crashRestarted,
  notRunning,
} from '../../model/actionText';
import { CRASH_SCRIPT, parseCrash } from '../../model/processes';
import { resolveContainer } from '../targets';
import { ActionDeps, action, confirmed, refusedReadOnly, targetOf, refusedRecorded, untilPodShows } from './action';

export type { CrashResult } from '../../model/actionText';

/** The container's next instance running (a new container ID), from the store's updates; undefined on timeout. */
function nextInstance(t: ContainerTarget, timeoutMs: number): Promise<{ id?: string; ip?: string } | undefined> {
  const before = t.container.containerId;
  return untilPodShows(
    t,
    () => {
      const a = t.session.store.anatomy(t.uid);
      const c = a?.containers.find(x => x.name === t.container.name);
      return c?.containerId && c.containerId !== before && c.state === 'running'
        ? { id: c.containerId, ip: a?.sandbox.podIP }
        : undefined;
    },
    timeoutMs,
  );
}

async function crash(d: ActionDeps, arg: unknown): Promise<CrashResult | undefined> {
  if (refusedReadOnly(vscode.l10n.t('Crash Container'))) return undefined;
  const t = await resolveContainer(d.reg, targetOf(d, arg), c => c.state === 'running' && c.kind !== 'ephemeral');
  if (!t || refusedRecorded(t, 'crash')) return undefined;
  if (t.container.state !== 'running') {
    void vscode.window.showWarningMessage(notRunning(vscode.l10n, t.container.name));
    return undefined;
  }
  const ip = t.anatomy.sandbox.podIP;
  if (!(await confirmed(d, arg, crashConfirmation(vscode.l10n, t.container.name, t.anatomy.name, ip))))
    return undefined;
  const before = t.container.containerId;
  const out = await execIn(t.session, t.namespace, t.anatomy.name, t.container.name, ['sh', '-c', CRASH_SCRIPT]);
  const sig = parseCrash(out.stdout);
  if (!sig.sent) {
    const why = crashRefusedWhy(out.stderr, out.message);
    const r: CrashResult = {
      restarted: false,
      before,
      ipBefore: ip,
      explanation: crashNotSent(vscode.l10n, t.container.name, why),
    };
    void vscode.window.showWarningMessage(`Pod X-Ray: ${r.explanation}`);
    return r;
  }
  const grace = t.session.store.pod(t.uid)?.spec?.terminationGracePeriodSeconds ?? 30;
  const after = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Waiting for {0} to restart in the same sandbox…', t.container.name),
    },
    () => nextInstance(t, Math.min(60, 12 + grace) * 1000),
  );
  if (after) {
    const r: CrashResult = {
      restarted: true,
      before,
      after: after.id,
      ipBefore: ip,
      ipAfter: after.ip,
      explanation: crashRestarted(vscode.l10n, t.container.name, before, after.id, ip, after.ip),
    };
    void vscode.window.showInformationMessage(`Pod X-Ray: ${r.explanation}`);
    return r;
  }
  const r: CrashResult = {
    restarted: false,
    before,
    ipBefore: ip,
    explanation: crashNoRestart(vscode.l10n, t.container.name, sig),
  };
  void vscode.window.showWarningMessage(`Pod X-Ray: ${r.explanation}`);
  return r;
}

export const crashAction = (d: ActionDeps): vscode.Disposable => action('podXray.crashContainer', arg => crash(d, arg));
