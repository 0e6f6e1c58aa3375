// Debug Container…: an ephemeral container in the target container's process namespace, then an
// interactive terminal attached to it. It can never be removed, so the modal says so first.
// Refused in read-only mode and in the recorded demo; RBAC refusals name the permission.
import * as vscode from 'vscode';
import { addEphemeralContainer, attachTty } from '../../cluster/debug';
import { ContainerTarget } from '../../cluster/targets';
import {
  ImageChoice,
  attachHint,
  debugConfirmation,
  debugContainerName,
  debugContainerProgress,
  debugImageChoices,
  debugTargetRefusal,
  ephemeralContainerSpec,
  terminalName,
} from '../../model/debugContainer';
import { resolveContainer } from '../targets';
import {
  ActionDeps,
  action,
  confirmed,
  refusedReadOnly,
  refusedRecorded,
  showError,
  targetOf,
  untilPodShows,
} from './action';

export interface DebugResult {
  /** The ephemeral container's name (it exists in the pod spec from now on). */
  container: string;
  image: string;
  target: string;
  running: boolean;
  message?: string;
}

/** Tests in the real extension host may name the image (the UI always asks). */
const testImage = (d: ActionDeps, arg: unknown): string | undefined =>
  d.ctx.extensionMode === vscode.ExtensionMode.Test ? (arg as { image?: string } | undefined)?.image : undefined;

async function pickImage(d: ActionDeps, arg: unknown, t: ContainerTarget): Promise<string | undefined> {
  const node = t.session.store.node(t.session.store.pod(t.uid)?.spec?.nodeName);
  const setting = vscode.workspace.getConfiguration('podXray').get<string>('debugImage');
  const choices = debugImageChoices(node, t.anatomy.containers, setting);
  const forced = testImage(d, arg);
  if (forced) return forced;
  // A pre-confirmed test run takes the default, as pressing Enter on the picker does.
  if (d.ctx.extensionMode === vscode.ExtensionMode.Test && (arg as { confirmed?: boolean })?.confirmed)
    return choices[0]?.image;
  const describe = (c: ImageChoice) =>
    c.source === 'setting'
      ? vscode.l10n.t('from the setting podXray.debugImage')
      : c.source === 'node-shell'
        ? vscode.l10n.t('already on the node, has a shell')
        : vscode.l10n.t('already on the node (used by this pod; may have no shell)');
  const other = { label: vscode.l10n.t('Another image…'), description: '', image: '' };
  const pick = await vscode.window.showQuickPick(
    [...choices.map(c => ({ label: c.image, description: describe(c), image: c.image })), other],
    { placeHolder: vscode.l10n.t('Image for the debug container of {0}', t.anatomy.name) },
  );
  if (!pick) return undefined;
  if (pick.image) return pick.image;
  const typed = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Image for the debug container (pulled if the node does not have it)'),
    value: choices[0]?.image ?? 'busybox',
  });
  return typed?.trim() || undefined;
}

/** The ephemeral container's progress from the store: running, or why it will not run; undefined on timeout. */
function untilRunning(t: ContainerTarget, name: string, ms: number) {
  return untilPodShows(
    t,
    () => {
      const c = t.session.store.anatomy(t.uid)?.containers.find(x => x.kind === 'ephemeral' && x.name === name);
      const p = debugContainerProgress(vscode.l10n, c);
      return p === 'wait' ? undefined : p;
    },
    ms,
  );
}

async function debug(d: ActionDeps, arg: unknown): Promise<DebugResult | undefined> {
  if (refusedReadOnly(vscode.l10n.t('Debug Container'))) return undefined;
  const t = await resolveContainer(d.reg, targetOf(d, arg), c => c.state === 'running' && c.kind !== 'ephemeral');
  if (!t || refusedRecorded(t, 'debug')) return undefined;
  const why = debugTargetRefusal(vscode.l10n, t.container);
  if (why) {
    void vscode.window.showWarningMessage(`Pod X-Ray: ${why}`);
    return undefined;
  }
  const image = await pickImage(d, arg, t);
  if (!image) return undefined;
  if (!(await confirmed(d, arg, debugConfirmation(vscode.l10n, t.anatomy.name, t.container.name, image))))
    return undefined;
  const spec = t.session.store.pod(t.uid)?.spec;
  const taken = [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])];
  const name = debugContainerName(taken.map(c => c.name ?? ''));
  await addEphemeralContainer(
    t.session,
    t.namespace,
    t.anatomy.name,
    ephemeralContainerSpec(name, image, t.container.name),
  );
  const p = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting debug container {0}…', name) },
    () => untilRunning(t, name, 120_000),
  );
  const result: DebugResult = { container: name, image, target: t.container.name, running: p === 'running' };
  if (p !== 'running') {
    result.message = p?.failed ?? vscode.l10n.t('The debug container {0} did not start within 2 minutes.', name);
    void vscode.window.showWarningMessage(`Pod X-Ray: ${result.message}`);
    return result;
  }
  const { pty } = d.terminals.open(
    {
      context: t.context,
      namespace: t.namespace,
      pod: t.anatomy.name,
      container: name,
      kind: 'debug',
      banner: attachHint(vscode.l10n, name),
    },
    terminalName(t.anatomy.name, name, true),
    io => attachTty(t.session, t.namespace, t.anatomy.name, name, io),
  );
  // Allowed to add the container but not to attach (pods/attach): the container stays; say why there is no shell.
  const opened = await pty.whenReady();
  if (!opened.ok) {
    result.message = opened.message;
    showError(opened.message);
  }
  return result;
}

export const debugContainerAction = (d: ActionDeps): vscode.Disposable =>
  action('podXray.debugContainer', arg => debug(d, arg));
