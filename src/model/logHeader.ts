// Which instance the kubelet's log endpoint returns, and the header that names it. The kubelet
// (validateContainerLogStatus) answers `previous=true` with status.lastState.terminated's
// container and refuses when there is none. Without `previous` it answers with the running
// container, else the current terminated one, else lastState.terminated: so while a container
// waits in back-off, its "current" logs and its "previous" logs are the SAME dead instance, and
// no older instance is reachable through the API.
import type { ContainerAnatomy, Termination } from './anatomy';
import { clock, oneLine, shortId } from './format';

export interface LogInstance {
  /** The n-th instance of the container, from the status (restartCount), when it can be told. */
  ordinal?: number;
  containerId?: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  reason?: string;
  running: boolean;
}

/** The instance `previous=true` returns, or undefined when the kubelet has none (it would answer "not found"). */
export function previousLogInstance(c: ContainerAnatomy): LogInstance | undefined {
  const t = c.lastTermination;
  return t?.containerId ? ended(c, t) : undefined;
}

/** The instance the plain (current) log request returns, or undefined when no container exists yet. */
export function currentLogInstance(c: ContainerAnatomy): LogInstance | undefined {
  if (c.state === 'running' && c.containerId)
    return { ordinal: c.restartCount + 1, containerId: c.containerId, startedAt: c.startedAt, running: true };
  if (c.termination?.containerId) return ended(c, c.termination);
  if (c.state === 'terminated' && c.containerId && c.termination)
    return ended(c, { ...c.termination, containerId: c.containerId });
  return previousLogInstance(c);
}

function ended(c: ContainerAnatomy, t: Termination): LogInstance {
  // The status numbers only the instance it is about (restartCount + 1) and the one before it.
  const ordinal =
    t.containerId === c.containerId
      ? c.restartCount + 1
      : t.containerId === c.lastTermination?.containerId && c.restartCount > 0
        ? c.restartCount
        : undefined;
  return {
    ordinal,
    containerId: t.containerId,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    exitCode: t.exitCode,
    reason: t.reason,
    running: false,
  };
}

/** `instance #6, container 3f2a1b9c8d7e, 10:01:02–10:01:05, exit 1 Error` */
export function describeLogInstance(i: LogInstance): string {
  const parts = [
    i.ordinal !== undefined ? `instance #${i.ordinal}` : 'instance number unknown',
    `container ${shortId(i.containerId) ?? 'id unknown'}`,
    i.running ? `started ${clock(i.startedAt)}, running` : `${clock(i.startedAt)}–${clock(i.finishedAt)}`,
  ];
  if (i.exitCode !== undefined) parts.push(`exit ${i.exitCode}${i.reason ? ` ${oneLine(i.reason, 60)}` : ''}`);
  return parts.join(', ');
}

/** The first line(s) of a logs document: exactly which instance the lines below come from. */
export function logHeader(pod: string, c: ContainerAnatomy, previous: boolean): string {
  const who = `${pod}/${c.name}`;
  const waiting = c.state === 'waiting';
  if (previous) {
    const p = previousLogInstance(c);
    if (!p)
      return (
        `# Previous logs of ${who}: none. ${c.name} has no ended instance in its status (lastState), ` +
        'so the kubelet has no previous logs to give.\n'
      );
    const same = waiting && p.containerId === c.containerId;
    return (
      `# Previous logs of ${who}: ${describeLogInstance(p)}\n` +
      (same
        ? `# ${c.name} is waiting to restart, so this is also what Show Logs returns; ` +
          'the kubelet gives no older instance.\n'
        : '')
    );
  }
  const cur = currentLogInstance(c);
  if (!cur) return `# Logs of ${who}: no instance has started yet.\n`;
  if (cur.running) return `# Logs of ${who}, ${describeLogInstance(cur)}, following\n`;
  return (
    `# Logs of ${who}, ${describeLogInstance(cur)}: this instance has ended` +
    `${waiting ? ' and the container is waiting to restart' : ''}, so these are its last lines\n`
  );
}
