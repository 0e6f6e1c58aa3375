// The ONE protocol between the extension host and the Pod anatomy webview. Imported by both
// sides. The host sends model snapshots (data, never markup); the webview sends requests.
// Every message is a named type with its own guard (`is`); an action is a request with an id
// and gets exactly one reply with the same id.
import type { PodAnatomy } from '../model/anatomy';
import type { Description } from '../model/explain/describe';
import type { InstanceRecord, SandboxGeneration } from '../model/history';
import type { TimelineStep } from '../model/timeline';

export interface AnatomySnapshot {
  context: string;
  anatomy: PodAnatomy;
  /** The sandbox as it is now, by the one rule (model/generation.ts): the page never re-derives it. */
  current: { generation: number; podIP?: string };
  generations: SandboxGeneration[];
  /** False when generation numbers are lower bounds (Pod X-Ray did not see the pod's whole life). */
  generationsExact?: boolean;
  instances: InstanceRecord[];
  timeline: TimelineStep[];
  /**
   * Why an instance ended, by instance (layout/timelineLayout instanceKey: `container#ordinal@id`). The slot
   * the restart-cause classification fills; today only the sandbox recreations (sandboxKill).
   */
  causes: Record<string, InstanceCause>;
  /** Catalog explanations for hovers: the sandbox, each container, each exit in the timeline. */
  explain: {
    sandbox: Description;
    containers: Record<string, Description>;
    exits: Record<string, string>;
    concepts: Record<string, string>;
  };
  /** Host clock, so countdowns do not depend on the webview's. */
  now: number;
  readOnly: boolean;
  /** Set for the recorded demo (where the recording comes from): the badge says "recorded", never "live". */
  recorded?: string;
  /** Whether each ended instance's logs were kept, by container ID (issue 19); absent: nothing known. */
  keptLogs?: Record<string, KeptLogState>;
}

/** An instance's kept logs: kept, capture failed (the reply says why), or being fetched now. */
export type KeptLogState = 'kept' | 'failed' | 'capturing';

export interface InstanceCause {
  text: string;
  /** Drawn as a marker on the timeline when it is one of these. */
  kind?: 'sandbox-recreated' | 'probe-kill' | 'resize' | 'restart-all';
  evidence?: string;
}

export type PodAction =
  | 'crash'
  | 'logs'
  | 'previousLogs'
  | 'events'
  | 'delete'
  | 'processes'
  | 'copyIp'
  | 'copyId'
  | 'manifest'
  | 'debug'
  | 'shell';
export const POD_ACTIONS: readonly PodAction[] = [
  'crash',
  'logs',
  'previousLogs',
  'events',
  'delete',
  'processes',
  'copyIp',
  'copyId',
  'manifest',
  'debug',
  'shell',
];

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null;
const isStr = (x: unknown): x is string => typeof x === 'string';
const isId = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x > 0;

/** A named message: its `type` tag, its payload shape, and the guard that checks both. */
export interface MessageType<T extends string, P> {
  readonly type: T;
  is(x: unknown): x is { type: T } & P;
}
function message<T extends string, P>(type: T, check: (x: Obj) => boolean): MessageType<T, P> {
  return { type, is: (x: unknown): x is { type: T } & P => isObj(x) && x.type === type && check(x) };
}
type Of<M> = M extends MessageType<infer T, infer P> ? { type: T } & P : never;

// ---- host -> webview -------------------------------------------------------------------------
/** The pod as it is now, with its history: sent on ready and on every change. */
export const SnapshotMessage = message<'snapshot', { snapshot: AnatomySnapshot }>(
  'snapshot',
  x => isObj(x.snapshot) && isObj(x.snapshot.anatomy) && isObj(x.snapshot.current),
);
/** The pod was deleted (the namespace's list no longer has it). */
export const GoneMessage = message<'gone', { message: string }>('gone', x => isStr(x.message));
/** What the panel is waiting for or could not do (e.g. the namespace is not listed yet). */
export const StatusMessage = message<'status', { message: string; severity: 'info' | 'error' }>(
  'status',
  x => isStr(x.message) && (x.severity === 'info' || x.severity === 'error'),
);
/** The reply to one ActionRequest: done, or failed with the reason. */
export const ActionReply = message<'actionReply', { id: number; ok: boolean; error?: string }>(
  'actionReply',
  x => isId(x.id) && typeof x.ok === 'boolean' && (x.error === undefined || isStr(x.error)),
);
/** The kept logs of one instance, the reply to a KeptLogsRequest (same id): text only, the tail of it. */
export interface KeptLogsPayload {
  id: number;
  containerId: string;
  state: KeptLogState | 'none';
  /** The last lines kept (at most `shownLines` of `lines`), plain text. */
  tail?: string;
  shownLines?: number;
  lines?: number;
  keptAt?: string;
  /** Older lines were dropped at capture (size limit), or the server's byte limit cut the end. */
  cutStart?: boolean;
  endMayBeMissing?: boolean;
  /** Why the capture failed (state 'failed'). */
  why?: string;
}
export const KeptLogsReply = message<'keptLogsReply', KeptLogsPayload>(
  'keptLogsReply',
  x =>
    isId(x.id) &&
    isStr(x.containerId) &&
    ['kept', 'failed', 'capturing', 'none'].includes(x.state as string) &&
    (x.tail === undefined || isStr(x.tail)) &&
    (x.why === undefined || isStr(x.why)),
);
const HOST_MESSAGES = [SnapshotMessage, GoneMessage, StatusMessage, ActionReply, KeptLogsReply] as const;
export type HostMessage = Of<(typeof HOST_MESSAGES)[number]>;

// ---- webview -> host -------------------------------------------------------------------------
/** The page is listening: the host answers with a snapshot (the handshake). */
export const ReadyMessage = message<'ready', object>('ready', () => true);
/** Run a pod action; the host replies with an ActionReply carrying the same id. */
export const ActionRequest = message<'action', { id: number; action: PodAction; container?: string }>(
  'action',
  x => isId(x.id) && POD_ACTIONS.includes(x.action as PodAction) && (x.container === undefined || isStr(x.container)),
);
/** The page blocked something under its CSP: reported, counted, never ignored silently. */
export const CspMessage = message<'csp', { directive: string; blocked: string }>(
  'csp',
  x => isStr(x.directive) && isStr(x.blocked),
);
/** The kept logs of one instance of this pod, by container ID; the host replies with a KeptLogsReply. */
export const KeptLogsRequest = message<'keptLogs', { id: number; containerId: string }>(
  'keptLogs',
  x => isId(x.id) && isStr(x.containerId),
);
/** Run Show Instance Logs for exactly this instance; the host replies with an ActionReply. */
export const OpenInstanceLogsRequest = message<'openInstanceLogs', { id: number; containerId: string }>(
  'openInstanceLogs',
  x => isId(x.id) && isStr(x.containerId),
);
const WEBVIEW_MESSAGES = [ReadyMessage, ActionRequest, CspMessage, KeptLogsRequest, OpenInstanceLogsRequest] as const;
export type WebviewMessage = Of<(typeof WEBVIEW_MESSAGES)[number]>;

export function isHostMessage(x: unknown): x is HostMessage {
  return HOST_MESSAGES.some(m => m.is(x));
}
export function isWebviewMessage(x: unknown): x is WebviewMessage {
  return WEBVIEW_MESSAGES.some(m => m.is(x));
}

/** Persisted by the webview (vscode.setState) so the panel is restored after a reload. */
export interface PanelState {
  context: string;
  namespace: string;
  name: string;
  uid: string;
}

export function isPanelState(x: unknown): x is PanelState {
  return isObj(x) && isStr(x.context) && isStr(x.namespace) && isStr(x.name) && isStr(x.uid);
}
