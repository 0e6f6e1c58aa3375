// What each tree row says, computed from the model: label, description, state icon.
// Pure, so it is unit-tested and benchmarked without VS Code; the view maps it to TreeItems.
import { ContainerAnatomy, Health, PodAnatomy } from './anatomy';
import { PodSummary } from './summary';
import { PodHistory, InstanceRecord, instancesOf } from './history';
import { clock, duration, oneLine, parseTime, plural, seconds } from './format';
import { generationLabel } from './evidence';

export type RowIcon =
  Health | 'sandbox-ready' | 'sandbox-creating' | 'sandbox-host' | 'sandbox-none' | 'instance-ok' | 'instance-error';

export interface Row {
  label: string;
  description: string;
  icon: RowIcon;
}

/** A pod's row needs only its summary: a namespace of thousands lists without building anatomies. */
export function podRow(a: PodSummary): Row {
  const parts: string[] = [];
  if (a.status !== 'Running') parts.push(oneLine(a.status, 60));
  parts.push(`${a.ready.ready}/${a.ready.total} ready`);
  if (a.restarts) parts.push(plural(a.restarts, 'restart'));
  if (a.podIP) parts.push(a.hostNetwork ? `host ${a.podIP}` : a.podIP);
  return { label: oneLine(a.name, 253), description: parts.join(' · '), icon: a.health };
}

export function sandboxRow(a: PodAnatomy, h: PodHistory | undefined): Row {
  const sb = a.sandbox;
  const gen = generationLabel(h, 1 + sb.recreations);
  const parts: string[] = [];
  const runtime = sb.runtime?.replace('://', ' ');
  switch (sb.state) {
    case 'unscheduled':
      return { label: 'pause sandbox', description: 'none yet · pod not scheduled', icon: 'sandbox-none' };
    case 'gone':
      return { label: 'pause sandbox', description: 'torn down · pod finished', icon: 'sandbox-none' };
    case 'creating':
      parts.push(sb.readyToStartContainers?.status === 'False' ? 'being (re)created' : 'creating');
      break;
    case 'host-network':
      parts.push(`host network${sb.podIP ? ` ${sb.podIP}` : ''}`);
      break;
    default:
      parts.push(sb.podIPs.join(', '));
  }
  parts.push(gen);
  if (runtime) parts.push(oneLine(runtime, 40));
  if (sb.pauseImage.known && sb.pauseImage.name) parts.push(oneLine(sb.pauseImage.name, 80));
  const icon: RowIcon =
    sb.state === 'creating' ? 'sandbox-creating' : sb.state === 'host-network' ? 'sandbox-host' : 'sandbox-ready';
  return { label: 'pause sandbox', description: parts.join(' · '), icon };
}

function exitText(code: number | undefined, reason?: string): string {
  return code === undefined
    ? ''
    : `exit ${code}${reason && reason !== 'Error' && reason !== 'Completed' ? ` ${reason}` : ''}`;
}

export function containerRow(c: ContainerAnatomy, a: PodAnatomy, now = Date.now()): Row {
  const parts: string[] = [];
  if (c.kind === 'init') parts.push(`init ${c.index + 1}/${a.containers.filter(x => x.kind === 'init').length}`);
  else if (c.kind !== 'app') parts.push(c.kind);
  if (c.state === 'running') {
    const since = parseTime(c.startedAt);
    parts.push(
      `running${since !== undefined ? ` ${duration(now - since)}` : ''}${c.ready || c.kind === 'init' ? '' : ' (not ready)'}`,
    );
  } else if (c.state === 'waiting') {
    const r = oneLine(c.stateReason ?? 'waiting', 60);
    parts.push(c.backoff ? `${r} (back-off ${seconds(c.backoff.seconds)})` : r);
  } else if (c.state === 'terminated') {
    parts.push(c.termination?.exitCode === 0 ? 'completed' : 'terminated');
    parts.push(exitText(c.termination?.exitCode, c.termination?.reason));
  } else parts.push('no status yet');
  if (c.state !== 'terminated' && c.lastTermination)
    parts.push(`last ${exitText(c.lastTermination.exitCode, c.lastTermination.reason)}`);
  if (c.kind !== 'init' || c.restartCount) parts.push(plural(c.restartCount, 'restart'));
  return { label: oneLine(c.name, 253), description: parts.filter(Boolean).join(' · '), icon: c.health };
}

export function instanceRow(i: InstanceRecord): Row {
  const ran = i.startedAt ? `${clock(i.startedAt)}${i.finishedAt ? `–${clock(i.finishedAt)}` : ''}` : '';
  const parts = [
    i.exitCode !== undefined ? `exit ${i.exitCode}` : 'end not seen',
    oneLine(i.reason, 40),
    ran,
    i.end && i.end.kind !== 'crash' ? i.end.label : '', // why it ended (a crash is said by the exit code)
  ].filter(Boolean);
  return {
    label: `#${i.ordinal}  ${i.shortId ?? 'unknown id'}`,
    description: parts.join('  '),
    icon: i.exitCode === 0 || i.exitCode === undefined ? 'instance-ok' : 'instance-error',
  };
}

/** Previous instances of a container: every one we know except the live one. */
export function previousInstances(h: PodHistory | undefined, c: ContainerAnatomy): InstanceRecord[] {
  return instancesOf(h, c.name).filter(
    i => !(c.containerId && i.containerId === c.containerId && c.state !== 'terminated'),
  );
}
