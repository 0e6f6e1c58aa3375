// The text pod actions produce: confirmations, outcomes, and the documents they open. Built
// here, pure, so every wording is tested; the commands only gather facts and show the result.
// User-visible messages go through `l10n.t` (the host passes `vscode.l10n`; tests `plainL10n`).
import { stringify } from 'yaml';
import { explainConcept } from './explain/catalog';
import { clock, oneLine, shortId } from './format';
import { KEvent, KPod, eventTime } from './k8s';

export interface L10n {
  t(message: string, ...args: (string | number | boolean)[]): string;
}

/** `{0}`, `{1}` … replaced by the arguments, as `vscode.l10n.t` does without a bundle. */
export const plainL10n: L10n = {
  t: (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (i in args ? String(args[+i]) : m)),
};

export interface Confirmation {
  message: string;
  detail: string;
  /** The button that goes ahead (the modal's other choice is Cancel). */
  button: string;
}

export interface CrashResult {
  restarted: boolean;
  before?: string;
  after?: string;
  ipBefore?: string;
  ipAfter?: string;
  explanation: string;
}

export const readOnlyRefusal = (l10n: L10n, what: string): string =>
  l10n.t('Pod X-Ray is read-only (setting podXray.readOnly): {0} is disabled.', what);

// ---- logs --------------------------------------------------------------------------------

export const logTitle = (pod: string, container: string, previous: boolean): string =>
  `${pod} · ${container}${previous ? ' (previous)' : ''}`;

/** Appended when the log stream closes: by an error, or because a followed container stopped. */
export function logStreamEnded(previous: boolean, error?: string): string | undefined {
  if (error !== undefined) return `\n# stream ended: ${error}\n`;
  return previous ? undefined : '\n# stream ended (the container stopped; run Show Logs again for the next instance)\n';
}

/** The kubelet's "no previous instance" answer, as opposed to a real failure. */
export const isNoPreviousInstance = (message: string): boolean =>
  /previous terminated container|not found/i.test(message);

export function noPreviousInstance(message: string): string {
  return `\n# No previous instance to show: ${oneLine(message, 300)}\n# ${explainConcept('previous-logs')!.detail}\n`;
}

export const logFailure = (message: string): string => `\n# ${message}\n`;

// ---- events and manifest -------------------------------------------------------------------

export function eventsDocument(namespace: string, pod: string, events: readonly KEvent[], recorded?: string): string {
  const evs = [...events].sort((a, b) => (eventTime(a) ?? '').localeCompare(eventTime(b) ?? ''));
  const lines = [
    `# Events of pod ${namespace}/${pod} (${recorded ? 'recorded demo, replayed' : 'live'})`,
    '# TIME      TYPE     REASON                  COUNT  MESSAGE',
  ];
  for (const e of evs) {
    lines.push(
      `${clock(eventTime(e))}  ${(e.type ?? '').padEnd(7)}  ${oneLine(e.reason, 22).padEnd(22)}  ${String(e.count ?? 1).padStart(5)}  ${oneLine(e.message, Infinity)}`,
    );
  }
  if (!evs.length) lines.push('# (no events kept for this pod; the API server keeps them for one hour by default)');
  return lines.join('\n') + '\n';
}

export function manifestDocument(namespace: string, name: string, pod: KPod | undefined, recorded?: string): string {
  if (!pod) return `# pod ${namespace}/${name} no longer exists\n`;
  // List items carry no kind/apiVersion (watch events do): state them, as kubectl does.
  const copy = { apiVersion: 'v1', kind: 'Pod', ...JSON.parse(JSON.stringify(pod)) } as {
    metadata?: { managedFields?: unknown };
  };
  if (copy.metadata) delete copy.metadata.managedFields;
  if (recorded)
    return `# Recorded manifest of pod ${namespace}/${name} (the demo: ${recorded}, replayed with times shifted to now).\n${stringify(copy, { lineWidth: 0 })}`;
  return `# Live manifest of pod ${namespace}/${name} (read-only; updates as the pod changes). Hover a field or value for an explanation.\n${stringify(copy, { lineWidth: 0 })}`;
}

/** The manifest could not be read from the API server (the store holds only a projection). */
export function manifestUnreadable(namespace: string, name: string, why: string): string {
  return `# The manifest of pod ${namespace}/${name} could not be read from the API server: ${oneLine(why, 300)}\n`;
}

// ---- crash a container ------------------------------------------------------------------------

export const notRunning = (l10n: L10n, container: string): string => l10n.t('Container {0} is not running.', container);

export function crashConfirmation(l10n: L10n, container: string, pod: string, ip: string | undefined): Confirmation {
  return {
    message: l10n.t('Crash container "{0}" of pod "{1}"?', container, pod),
    detail: l10n.t(
      "Pod X-Ray sends SIGTERM to the container's main process. The kubelet then starts a new container (new ID, restart count +1) inside the same pause sandbox: the pod keeps its IP {0}. Nothing else in the pod is touched.",
      ip ?? '',
    ),
    button: l10n.t('Crash Container'),
  };
}

/** Why the signal could not be sent, from what the exec returned. */
export function crashRefusedWhy(stderr: string, message: string | undefined): string {
  return /executable file not found|no such file/i.test(stderr + (message ?? ''))
    ? 'the container has no shell (sh) to send a signal from'
    : oneLine(stderr || message || 'the signal could not be sent', 300);
}

export const crashNotSent = (l10n: L10n, container: string, why: string): string =>
  l10n.t('Could not crash {0}: {1}.', container, why);

export function crashRestarted(
  l10n: L10n,
  container: string,
  before: string | undefined,
  after: string | undefined,
  ipBefore: string | undefined,
  ipAfter: string | undefined,
): string {
  return l10n.t(
    '{0} restarted: {1} → {2}. {3}',
    container,
    shortId(before) ?? '?',
    shortId(after) ?? '?',
    ipAfter === ipBefore
      ? l10n.t('The sandbox kept the IP {0}.', ipBefore ?? '')
      : l10n.t('The IP changed from {0} to {1}: the sandbox was recreated too.', ipBefore ?? '', ipAfter ?? ''),
  );
}

/**
 * No restart seen. When the signal went to PID 1 that is not /pause, the kernel's PID 1 rule is
 * the likely reason: say so, with what would work.
 */
export function crashNoRestart(
  l10n: L10n,
  container: string,
  sig: { target?: number; pid1?: string; comm?: string },
): string {
  return sig.target === 1 && sig.pid1 !== 'pause'
    ? l10n.t(
        '{0} did not restart: its main process "{1}" is PID 1 of the container and has no SIGTERM handler, so the kernel ignores signals sent from inside the container (even SIGKILL). With shareProcessNamespace: true, /pause is PID 1 and the app can be killed; or make the process handle SIGTERM.',
        container,
        sig.comm ?? '?',
      )
    : l10n.t(
        '{0} did not restart within the wait: SIGTERM was sent to PID {1} ({2}).',
        container,
        String(sig.target ?? '?'),
        sig.comm ?? '?',
      );
}

// ---- delete a pod ---------------------------------------------------------------------------

export function deleteConfirmation(
  l10n: L10n,
  pod: string,
  namespace: string,
  ip: string | undefined,
  owner: { kind?: string; name?: string } | undefined,
): Confirmation {
  return {
    message: l10n.t('Delete pod "{0}" in namespace "{1}"?', pod, namespace),
    detail: owner
      ? l10n.t(
          'Its containers get SIGTERM, then the pause sandbox is torn down and the IP {0} released. {1} "{2}" owns it and will create a new pod: a new sandbox, usually with a new IP.',
          ip ?? '',
          owner.kind ?? '',
          owner.name ?? '',
        )
      : l10n.t(
          'Its containers get SIGTERM, then the pause sandbox is torn down and the IP {0} released. No controller owns this pod, so nothing will recreate it.',
          ip ?? '',
        ),
    button: l10n.t('Delete Pod'),
  };
}

// ---- the sandbox's processes ------------------------------------------------------------------

/** What PID 1 is in one container of a pod that does not share its process namespace. */
export type Pid1Finding =
  | { container: string; args: string }
  | { container: string; unknown: string }
  | { container: string; cannotExec: string };

export type ProcessesFindings =
  { kind: 'none-running' } | { kind: 'separate'; pid1: Pid1Finding[] } | { kind: 'shared'; table?: string };

export function processesTitle(pod: string): string {
  return `${pod} · processes`;
}

export function processesDocument(namespace: string, pod: string, f: ProcessesFindings): string {
  const lines = [`# Sandbox processes of pod ${namespace}/${pod} (read-only: nothing in the pod is changed)`, ''];
  if (f.kind === 'none-running') {
    lines.push('No container is running, so there is no process to look at from inside the pod.');
  } else if (f.kind === 'separate') {
    lines.push(
      "This pod does not share its process namespace: each container has its own, and PID 1 in a container is that container's own main process.",
      'The pause process is PID 1 of a namespace of its own; from inside the pod it cannot be seen.',
      '',
    );
    for (const p of f.pid1) {
      lines.push(
        'args' in p
          ? `  PID 1 in ${p.container}: ${p.args}`
          : 'unknown' in p
            ? `  PID 1 in ${p.container}: unknown (${oneLine(p.unknown, 200)})`
            : `  PID 1 in ${p.container}: cannot exec (${oneLine(p.cannotExec, 200)})`,
      );
    }
    lines.push(
      '',
      `With spec.shareProcessNamespace: true every container shares one PID namespace: /pause becomes PID 1 for the whole pod, and \`ps\` in any container shows it. ${explainConcept('pid1')!.summary}`,
    );
  } else if (!f.table) {
    lines.push(
      'No running container could list processes (no shell and no /proc access); the pod shares its process namespace, so /pause would be PID 1.',
    );
  } else {
    lines.push(
      'The pod shares one PID namespace (shareProcessNamespace: true): PID 1 is the pause process, the sandbox itself, visible from inside the pod.',
      '',
      f.table,
      '',
      "Each container's processes are ordinary processes under /pause, so a signal can reach them (the PID 1 rule protects only /pause).",
    );
  }
  return lines.join('\n') + '\n';
}

// ---- copy ------------------------------------------------------------------------------------

export const noPodIp = (l10n: L10n, pod: string): string =>
  l10n.t('Pod {0} has no IP yet: its sandbox is not ready.', pod);

export const noContainerId = (l10n: L10n, container: string): string =>
  l10n.t('Container {0} has no ID yet: it has not been created.', container);
