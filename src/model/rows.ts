// What each tree row says, computed from the model: label, description, state icon.
// Pure, so it is unit-tested and benchmarked without VS Code; the view maps it to TreeItems and
// passes its translator `t` for the fixed phrases (cluster strings stay as they are).
import { ContainerAnatomy, Health, PodAnatomy } from './anatomy';
import { PodSummary } from './summary';
import { PodHistory, InstanceRecord, instancesOf } from './history';
import { generationLabel } from './evidence';
import { restartPolicyBadge } from './restartRules';
import { clock, duration, oneLine, parseTime, seconds } from './format';
import { Translate, english } from './translate';

export type RowIcon =
  Health | 'sandbox-ready' | 'sandbox-creating' | 'sandbox-host' | 'sandbox-none' | 'instance-ok' | 'instance-error';

export interface Row {
  label: string;
  description: string;
  icon: RowIcon;
}

/** A pod's row needs only its summary: a namespace of thousands lists without building anatomies. */
export function podRow(a: PodSummary, t: Translate = english): Row {
  const parts: string[] = [];
  if (a.status !== 'Running') parts.push(oneLine(a.status, 60));
  parts.push(t('{0}/{1} ready', a.ready.ready, a.ready.total));
  if (a.restarts) parts.push(restarts(a.restarts, t));
  if (a.podIP) parts.push(a.hostNetwork ? t('host {0}', a.podIP) : a.podIP);
  return { label: oneLine(a.name, 253), description: parts.join(' · '), icon: a.health };
}

const restarts = (n: number, t: Translate) => (n === 1 ? t('1 restart') : t('{0} restarts', n));

export function sandboxRow(a: PodAnatomy, h: PodHistory | undefined, t: Translate = english): Row {
  const sb = a.sandbox;
  // Honest about what is known: "generation 3", "generation ≥ 3" or "generation unknown".
  const gen = generationLabel(h, 1 + sb.recreations);
  const parts: string[] = [];
  const runtime = sb.runtime?.replace('://', ' ');
  const label = t('pause sandbox');
  switch (sb.state) {
    case 'unscheduled':
      return { label, description: t('none yet · pod not scheduled'), icon: 'sandbox-none' };
    case 'gone':
      return { label, description: t('torn down · pod finished'), icon: 'sandbox-none' };
    case 'creating':
      parts.push(sb.readyToStartContainers?.status === 'False' ? t('being (re)created') : t('creating'));
      break;
    case 'host-network':
      parts.push(sb.podIP ? t('host network {0}', sb.podIP) : t('host network'));
      break;
    default:
      parts.push(sb.podIPs.join(', '));
  }
  parts.push(gen);
  if (sb.hostUsers === false) parts.push(t('own user namespace'));
  if (runtime) parts.push(oneLine(runtime, 40));
  if (sb.pauseImage.known && sb.pauseImage.name) parts.push(oneLine(sb.pauseImage.name, 80));
  const icon: RowIcon =
    sb.state === 'creating' ? 'sandbox-creating' : sb.state === 'host-network' ? 'sandbox-host' : 'sandbox-ready';
  return { label, description: parts.join(' · '), icon };
}

function exitText(t: Translate, code: number | undefined, reason?: string): string {
  if (code === undefined) return '';
  return reason && reason !== 'Error' && reason !== 'Completed' ? t('exit {0} {1}', code, reason) : t('exit {0}', code);
}

/** `olderSandbox`: the generation its "running" instance ran in, when that sandbox was replaced (olderSandboxOf). */
export function containerRow(
  c: ContainerAnatomy,
  a: PodAnatomy,
  now = Date.now(),
  t: Translate = english,
  olderSandbox?: number,
): Row {
  const parts: string[] = [];
  if (c.kind === 'init') parts.push(t('init {0}/{1}', c.index + 1, a.containers.filter(x => x.kind === 'init').length));
  else if (c.kind !== 'app') parts.push(c.kind);
  const badge = restartPolicyBadge(c, c.kind === 'sidecar');
  if (badge) parts.push(badge);
  if (olderSandbox !== undefined) {
    // The status still says running; the sandbox it ran in is gone (the kubelet reports it later).
    parts.push(t('ended with sandbox generation {0} (not reported yet)', olderSandbox));
  } else if (c.state === 'running') {
    const since = parseTime(c.startedAt);
    const running = since !== undefined ? t('running {0}', duration(now - since)) : t('running');
    parts.push(c.ready || c.kind === 'init' ? running : t('{0} (not ready)', running));
  } else if (c.state === 'waiting') {
    const r = oneLine(c.stateReason ?? t('waiting'), 60);
    parts.push(c.backoff ? t('{0} (back-off {1})', r, seconds(c.backoff.seconds)) : r);
  } else if (c.state === 'terminated') {
    parts.push(c.termination?.exitCode === 0 ? t('completed') : t('terminated'));
    parts.push(exitText(t, c.termination?.exitCode, c.termination?.reason));
  } else parts.push(t('no status yet'));
  if (c.state !== 'terminated' && c.lastTermination)
    parts.push(t('last {0}', exitText(t, c.lastTermination.exitCode, c.lastTermination.reason)));
  if (c.kind !== 'init' || c.restartCount) parts.push(restarts(c.restartCount, t));
  const icon = olderSandbox !== undefined ? 'waiting' : c.health;
  return { label: oneLine(c.name, 253), description: parts.filter(Boolean).join(' · '), icon };
}

export function instanceRow(i: InstanceRecord, t: Translate = english): Row {
  const ran = i.startedAt ? `${clock(i.startedAt)}${i.finishedAt ? `–${clock(i.finishedAt)}` : ''}` : '';
  const exit = i.exitCode !== undefined ? t('exit {0}', i.exitCode) : t('end not seen');
  // Why it ended (a crash is said by the exit code).
  const why = i.end && i.end.kind !== 'crash' ? i.end.label : '';
  const parts = [exit, oneLine(i.reason, 40), ran, why].filter(Boolean);
  return {
    label: `#${i.ordinal}  ${i.shortId ?? t('unknown id')}`,
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
