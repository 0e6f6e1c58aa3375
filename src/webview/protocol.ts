// The ONE protocol between the extension host and the Pod anatomy webview. Imported by both
// sides. The host sends model snapshots (never raw API objects); the webview sends requests.
import type { PodAnatomy } from '../model/anatomy';
import type { Description } from '../model/explain/describe';
import type { InstanceRecord, SandboxGeneration } from '../model/history';
import type { TimelineStep } from '../model/timeline';

export interface AnatomySnapshot {
  context: string;
  anatomy: PodAnatomy;
  generations: SandboxGeneration[];
  /** False when generation numbers are lower bounds (Pod X-Ray did not see the pod's whole life). */
  generationsExact?: boolean;
  instances: InstanceRecord[];
  timeline: TimelineStep[];
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
}

export type PodAction =
  'crash' | 'logs' | 'previousLogs' | 'events' | 'delete' | 'processes' | 'copyIp' | 'copyId' | 'manifest';
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
];

export type HostMessage =
  | { type: 'snapshot'; snapshot: AnatomySnapshot }
  | { type: 'gone'; message: string }
  | { type: 'status'; message: string; severity: 'info' | 'error' };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'action'; action: PodAction; container?: string }
  /** The page blocked something under its CSP: reported, counted, never ignored silently. */
  | { type: 'csp'; directive: string; blocked: string };

/** Persisted by the webview (vscode.setState) so the panel is restored after a reload. */
export interface PanelState {
  context: string;
  namespace: string;
  name: string;
  uid: string;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

export function isHostMessage(x: unknown): x is HostMessage {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'snapshot':
      return isObj(x.snapshot) && isObj((x.snapshot as Record<string, unknown>).anatomy);
    case 'gone':
      return typeof x.message === 'string';
    case 'status':
      return typeof x.message === 'string' && (x.severity === 'info' || x.severity === 'error');
    default:
      return false;
  }
}

export function isWebviewMessage(x: unknown): x is WebviewMessage {
  if (!isObj(x)) return false;
  if (x.type === 'ready') return true;
  if (x.type === 'csp') return typeof x.directive === 'string' && typeof x.blocked === 'string';
  return (
    x.type === 'action' &&
    POD_ACTIONS.includes(x.action as PodAction) &&
    (x.container === undefined || typeof x.container === 'string')
  );
}

export function isPanelState(x: unknown): x is PanelState {
  return (
    isObj(x) &&
    typeof x.context === 'string' &&
    typeof x.namespace === 'string' &&
    typeof x.name === 'string' &&
    typeof x.uid === 'string'
  );
}
