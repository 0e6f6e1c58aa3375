// The page's side of the protocol: the one postMessage, requests with ids and their replies.
import {
  ActionReply,
  HostMessage,
  KeptLogsPayload,
  KeptLogsReply,
  PanelState,
  PodAction,
  WebviewMessage,
  isHostMessage,
} from '../../src/webview/protocol';

declare function acquireVsCodeApi(): {
  postMessage(m: WebviewMessage): void;
  setState(s: PanelState): void;
  getState(): unknown;
};
const vscode = acquireVsCodeApi();

export const send = (m: WebviewMessage) => vscode.postMessage(m);
export const saveState = (s: PanelState) => vscode.setState(s);

export interface Reply {
  ok: boolean;
  error?: string;
}
let nextId = 1;
const pending = new Map<number, (r: Reply) => void>();
const pendingLogs = new Map<number, (r: KeptLogsPayload) => void>();

/** Asks the host to run an action; resolves with its reply (every request gets exactly one). */
export function requestAction(action: PodAction, container?: string): Promise<Reply> {
  const id = nextId++;
  return new Promise(resolve => {
    pending.set(id, resolve);
    send({ type: 'action', id, action, container });
  });
}

/** Asks the host for one instance's kept logs (by container ID); resolves with its KeptLogsReply. */
export function requestKeptLogs(containerId: string): Promise<KeptLogsPayload> {
  const id = nextId++;
  return new Promise(resolve => {
    pendingLogs.set(id, resolve);
    send({ type: 'keptLogs', id, containerId });
  });
}

/** Asks the host to run Show Instance Logs for exactly this instance; resolves with its ActionReply. */
export function requestOpenInstanceLogs(containerId: string): Promise<Reply> {
  const id = nextId++;
  return new Promise(resolve => {
    pending.set(id, resolve);
    send({ type: 'openInstanceLogs', id, containerId });
  });
}

/** Listens to the host: replies settle their requests, everything else goes to `onMessage`. */
export function listen(onMessage: (m: Exclude<HostMessage, { type: 'actionReply' | 'keptLogsReply' }>) => void): void {
  window.addEventListener('message', ev => {
    const m: unknown = ev.data;
    if (!isHostMessage(m)) return; // anything else is ignored
    if (ActionReply.is(m)) {
      pending.get(m.id)?.({ ok: m.ok, error: m.error });
      pending.delete(m.id);
      return;
    }
    if (KeptLogsReply.is(m)) {
      pendingLogs.get(m.id)?.(m);
      pendingLogs.delete(m.id);
      return;
    }
    onMessage(m);
  });
}
