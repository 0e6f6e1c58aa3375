// Crash logs for every instance (issue 19 §1): which ended instances to fetch logs for, which log
// request reaches each one, whether the lines that came back belong to it, and the capture queue's
// policy. Pure: the cluster layer (src/cluster/logCapture.ts) runs it, storage keeps the result.
//
// The kubelet keeps the logs of one dead instance only (status.lastState.terminated); `previous=true`
// returns it, and while the current instance is itself dead the plain request returns that one (see
// logHeader.ts). So an instance's logs must be fetched when its end is SEEN, and the request chosen
// from the status at fetch time.
import type { ContainerAnatomy } from './anatomy';
import { KContainerStatus, KPod, KStateTerminated, uidOf } from './k8s';
import { parseTime } from './format';
import { lastTerminationOrdinal } from './lastState';
import { currentLogInstance, previousLogInstance } from './logHeader';

/** One ended instance whose logs should be kept. */
export interface CaptureTarget {
  uid: string;
  namespace: string;
  pod: string;
  container: string;
  containerId: string;
  /** The n-th instance, when the status numbers it (restartCount + 1 for the current, restartCount for lastState). */
  ordinal?: number;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  signal?: number;
  reason?: string;
}

export type LogRequestKind = 'previous' | 'current';

function statusesOf(pod: KPod): KContainerStatus[] {
  const s = pod.status;
  return [
    ...(s?.initContainerStatuses ?? []),
    ...(s?.containerStatuses ?? []),
    ...(s?.ephemeralContainerStatuses ?? []),
  ];
}

/**
 * Every ended instance the pod's status names (the current one when it is terminated, the last
 * one in lastState) that `known` does not hold yet (kept, queued or failed already): container IDs
 * are unique, so "not known" is "its end was just seen". Newest first. `firstSight`: the pod comes from
 * a list (its ends happened before Pod X-Ray looked): only failed ends.
 */
export function instancesToCapture(
  pod: KPod,
  known: (containerId: string) => boolean,
  firstSight = false,
): CaptureTarget[] {
  const base = { uid: uidOf(pod), namespace: pod.metadata?.namespace ?? 'default', pod: pod.metadata?.name ?? '' };
  const out: CaptureTarget[] = [];
  for (const s of statusesOf(pod)) {
    const restarts = s.restartCount ?? 0;
    const cur = s.state?.terminated;
    const curId = cur?.containerID || (cur ? s.containerID : undefined);
    if (cur && curId && !known(curId))
      out.push({ ...base, ...ended(cur), container: s.name ?? '', containerId: curId, ordinal: restarts + 1 });
    const last = s.lastState?.terminated;
    if (last?.containerID && last.containerID !== curId && !known(last.containerID))
      out.push({
        ...base,
        ...ended(last),
        container: s.name ?? '',
        containerId: last.containerID,
        ordinal:
          lastTerminationOrdinal({
            containerId: s.containerID,
            lastTermination: { containerId: last.containerID },
            restartCount: restarts,
          }) || undefined,
      });
  }
  // Ends that happened before Pod X-Ray looked (a list, not a watch event) are fetched only when they
  // failed: a big namespace's completed init containers would otherwise be thousands of fetches, and their
  // logs stay with the pod anyway (only a restart replaces what lastState names).
  return (firstSight ? out.filter(t => t.exitCode !== 0) : out).sort(newestFirst);
}

function ended(t: KStateTerminated) {
  return {
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    exitCode: t.exitCode,
    signal: t.signal,
    reason: t.reason,
  };
}

const newestFirst = (a: CaptureTarget, b: CaptureTarget) =>
  (parseTime(b.finishedAt) ?? Infinity) - (parseTime(a.finishedAt) ?? Infinity);

/**
 * Which request returns this instance's lines now, from the container's status at fetch time;
 * undefined when neither does (a newer instance replaced it: the kubelet has dropped it).
 * `previous` first: if the container restarts during the fetch, lastState still names it.
 */
export function requestFor(t: CaptureTarget, c: ContainerAnatomy | undefined): LogRequestKind | undefined {
  if (!c) return undefined;
  if (previousLogInstance(c)?.containerId === t.containerId) return 'previous';
  const cur = currentLogInstance(c);
  if (cur && !cur.running && cur.containerId === t.containerId) return 'current';
  return undefined;
}

export type Attribution =
  /** Every line's timestamp lies inside the instance's run. */
  | 'timestamps'
  /** No lines; the status named this instance for the request before and after the fetch. */
  | 'status';

export type CheckedLines =
  { ok: true; text: string; lines: number; attribution: Attribution } | { ok: false; why: string };

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/;

/**
 * Lines fetched with `timestamps=true` -> the lines without their timestamps, if they belong to the
 * target: instances of one container never overlap in time, so a line stamped outside
 * [startedAt, finishedAt + 1 s] (the status times are cut to the second) is another instance's.
 */
export function checkLines(raw: string, t: CaptureTarget, statusStillNamesIt: boolean): CheckedLines {
  const from = parseTime(t.startedAt);
  const to = parseTime(t.finishedAt);
  const rows = raw.split('\n');
  if (rows[rows.length - 1] === '') rows.pop();
  const out: string[] = [];
  let stamped = 0;
  for (let i = 0; i < rows.length; i++) {
    const m = TS.exec(rows[i]);
    if (!m) {
      if (i === rows.length - 1 && !raw.endsWith('\n')) break; // cut by the byte limit inside its stamp
      return { ok: false, why: 'a log line came back without its timestamp, so which instance wrote it is unknown' };
    }
    const at = Date.parse(m[1]);
    if (from === undefined || to === undefined || isNaN(at))
      return { ok: false, why: 'the instance has no start or end time to check its lines against' };
    if (at < from || at > to + 1000)
      return {
        ok: false,
        why: `the kubelet returned lines written at ${m[1]}, outside this instance's run: another instance's logs`,
      };
    stamped++;
    out.push(rows[i].slice(m[0].length));
  }
  if (!stamped) {
    if (!statusStillNamesIt)
      return { ok: false, why: 'no lines came back and the status changed meanwhile: unknown which instance' };
    return { ok: true, text: out.join('\n'), lines: out.length, attribution: 'status' };
  }
  return { ok: true, text: out.join('\n') + '\n', lines: out.length, attribution: 'timestamps' };
}

export type FailureKind = 'dropped' | 'forbidden' | 'pod-deleted' | 'replaced' | 'unverified' | 'error';

/** Why a capture failed, in words for the user, from the API's answer. */
export function failureOf(status: number | undefined, message: string): { kind: FailureKind; why: string } {
  if (status === 403)
    return { kind: 'forbidden', why: 'this user may not read pods/log here (RBAC: verb "get" on "pods/log")' };
  if (status === 404) return { kind: 'pod-deleted', why: 'the pod was deleted before its logs could be fetched' };
  if (status === 400 && /not found|previous terminated container/i.test(message))
    return { kind: 'dropped', why: `the kubelet had already dropped this instance's logs (${message})` };
  return { kind: 'error', why: message };
}

export const REPLACED_WHY =
  "a newer instance ended before the logs could be fetched, so the kubelet had already dropped this one's";
export const POD_GONE_WHY = 'the pod was deleted before its logs could be fetched';

/**
 * The capture queue's policy: dedupe by container ID (forever: an ID names one instance), at most
 * `concurrency` fetches at once, newest end first, a deleted pod's pending captures dropped.
 */
export class CaptureQueue {
  /** Oldest end first, so the newest is taken from the end; each end's time parsed once, on add. */
  private readonly pending: { t: CaptureTarget; at: number }[] = [];
  private readonly seen = new Set<string>();
  private running = 0;

  constructor(readonly concurrency = 2) {}

  /** Already kept, failed or queued (kept logs loaded from disk are marked known at load). */
  known(containerId: string): boolean {
    return this.seen.has(containerId);
  }
  markKnown(containerId: string): void {
    this.seen.add(containerId);
  }

  /**
   * False when the instance is known already. Inserted in place (a big namespace's first look
   * queues thousands: sorting the whole queue on every add made that quadratic). Among equal times
   * the first added is taken first; an end without a time counts as newest.
   */
  add(t: CaptureTarget): boolean {
    if (this.seen.has(t.containerId)) return false;
    this.seen.add(t.containerId);
    const at = parseTime(t.finishedAt) ?? Infinity;
    let lo = 0,
      hi = this.pending.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pending[mid].at < at) lo = mid + 1;
      else hi = mid;
    }
    this.pending.splice(lo, 0, { t, at });
    return true;
  }

  /** The next capture to start, when a slot is free. */
  take(): CaptureTarget | undefined {
    if (this.running >= this.concurrency || !this.pending.length) return undefined;
    this.running++;
    return this.pending.pop()!.t;
  }
  done(): void {
    this.running = Math.max(0, this.running - 1);
  }

  /** The pod is gone: its pending captures can no longer succeed. Returns them (to record why). */
  dropPod(uid: string): CaptureTarget[] {
    const gone = this.pending.filter(p => p.t.uid === uid);
    for (const p of gone) this.pending.splice(this.pending.indexOf(p), 1);
    return gone.map(p => p.t).reverse();
  }

  get size(): number {
    return this.pending.length;
  }
  get active(): number {
    return this.running;
  }
}

/** A kept log as the cap sees it. */
export interface KeptEntry {
  key: string;
  uid: string;
  bytes: number;
  keptAt: string;
}

/**
 * Which kept logs to delete so the total fits `maxBytes`: logs of pods gone from the cluster first,
 * then the oldest. Nothing is evicted while everything fits.
 */
export function planLogEviction(entries: readonly KeptEntry[], podGone: (uid: string) => boolean, maxBytes: number) {
  let total = entries.reduce((n, e) => n + e.bytes, 0);
  if (total <= maxBytes) return []; // the usual case after each put: no order needed
  const order = entries
    .map(e => ({ e, gone: podGone(e.uid), at: parseTime(e.keptAt) ?? 0 }))
    .sort((a, b) => Number(b.gone) - Number(a.gone) || a.at - b.at);
  const out: string[] = [];
  for (const { e } of order) {
    if (total <= maxBytes) break;
    out.push(e.key);
    total -= e.bytes;
  }
  return out;
}

/** Keep the last `maxBytes` of a text, cut at a line start; says whether anything was cut. */
export function lastBytes(text: string, maxBytes: number): { text: string; cut: boolean } {
  // TextEncoder, not Buffer: the model also builds for the webview.
  const buf = new TextEncoder().encode(text);
  if (buf.length <= maxBytes) return { text, cut: false };
  const tail = new TextDecoder().decode(buf.subarray(buf.length - maxBytes));
  const nl = tail.indexOf('\n');
  return { text: nl >= 0 && nl < tail.length - 1 ? tail.slice(nl + 1) : tail, cut: true };
}

/** One instance's kept logs (or why they could not be kept), as stored on disk. */
export interface KeptLog {
  v: 1;
  target: CaptureTarget;
  keptAt: string;
  outcome: 'kept' | 'failed';
  request?: LogRequestKind;
  text?: string;
  lines?: number;
  attribution?: Attribution;
  /** Older lines were dropped to fit the per-instance size (the tail is kept). */
  cutStart?: boolean;
  /** The server's byte limit was reached: the instance's last lines may be missing. */
  endMayBeMissing?: boolean;
  failure?: { kind: FailureKind; why: string };
}

/** A stored record, or undefined for anything torn or foreign (never trusted blindly). */
export function parseKeptLog(text: string): KeptLog | undefined {
  let o: KeptLog;
  try {
    o = JSON.parse(text) as KeptLog;
  } catch {
    return undefined;
  }
  const t = o?.target;
  if (o?.v !== 1 || !t || typeof t.containerId !== 'string' || typeof t.uid !== 'string') return undefined;
  if (typeof t.container !== 'string' || typeof t.pod !== 'string') return undefined;
  if (o.outcome === 'kept' && typeof o.text === 'string') return o;
  if (o.outcome === 'failed' && typeof o.failure?.why === 'string') return o;
  return undefined;
}

/** The lines that head Show Instance Logs: which instance, from when to when, how it ended, how we know. */
export function keptLogHeader(k: KeptLog): string {
  const t = k.target;
  const head = [
    t.ordinal !== undefined ? `instance #${t.ordinal}` : 'instance number unknown',
    `container ID ${t.containerId}`,
    `${t.startedAt ?? 'start unknown'} – ${t.finishedAt ?? 'end unknown'}`,
    t.exitCode !== undefined ? `exit ${t.exitCode}${t.reason ? ` ${t.reason}` : ''}` : 'exit unknown',
  ].join(', ');
  const out = [`# Kept logs of ${t.pod}/${t.container}: ${head}`];
  if (k.outcome === 'failed') {
    out.push(`# Not kept: ${k.failure!.why}.`);
    return out.join('\n') + '\n';
  }
  const how =
    k.attribution === 'timestamps'
      ? "every line's timestamp lies inside this instance's run"
      : 'no lines; the status named this instance for the request before and after the fetch';
  out.push(
    `# Fetched ${k.keptAt} (${k.request === 'previous' ? 'previous=true' : 'current'} request, ` +
      `${k.lines ?? 0} line${k.lines === 1 ? '' : 's'}); attributed because ${how}.`,
  );
  if (k.cutStart) out.push('# Older lines were dropped to fit the size limit (podXray.crashLogs.maxKB).');
  if (k.endMayBeMissing) out.push("# The server's byte limit was reached: the last lines may be missing.");
  return out.join('\n') + '\n';
}

/** What an instance row says about its logs. */
export function keptLogLabel(state: { outcome: 'kept' | 'failed' } | undefined, capturing: boolean): string {
  if (state?.outcome === 'kept') return 'logs kept';
  if (state?.outcome === 'failed') return 'logs not kept';
  return capturing ? 'keeping logs…' : '';
}
