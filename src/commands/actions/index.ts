// Pod actions from the palette, the tree and the anatomy webview, one file each. Destructive
// ones (crash, delete) ask first with a modal saying exactly what happens and are refused in
// read-only mode. The text they produce is built in src/model/actionText.ts.
import * as vscode from 'vscode';
import { ActionDeps } from './action';
import { copyActions } from './copy';
import { crashAction } from './crash';
import { debugContainerAction } from './debugContainer';
import { deletePodAction } from './deletePod';
import { eventsAction } from './events';
import { logActions } from './logs';
import { manifestAction } from './manifest';
import { openShellAction } from './openShell';
import { sandboxProcessesAction } from './sandboxProcesses';
import { showAnatomyAction } from './showAnatomy';

export type { ActionDeps } from './action';
export type { CrashResult } from '../../model/actionText';

export function registerActionCommands(d: ActionDeps): vscode.Disposable[] {
  return [
    showAnatomyAction(d),
    ...logActions(d),
    eventsAction(d),
    manifestAction(d),
    crashAction(d),
    deletePodAction(d),
    debugContainerAction(d),
    openShellAction(d),
    sandboxProcessesAction(d),
    ...copyActions(d),
  ];
}
