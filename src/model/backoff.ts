// The kubelet's DEFAULT crash back-off: the first restart is immediate, then 10 s doubling to a 300 s
// cap, reset after a container has run for 10 minutes. Nodes can be configured shorter, so the
// schedule is checked against the delays observed. The API only exposes the current delay, in the
// waiting message ("back-off 40s restarting …").
export const BACKOFF_INITIAL_S = 10;
export const BACKOFF_MAX_S = 300;
export const BACKOFF_RESET_S = 600;

/** The schedule: 10, 20, 40, 80, 160, 300. */
export function backoffSchedule(): number[] {
  const out: number[] = [];
  for (let s = BACKOFF_INITIAL_S; s < BACKOFF_MAX_S; s *= 2) out.push(s);
  out.push(BACKOFF_MAX_S);
  return out;
}

/** Parse a Go duration as the kubelet prints it (40s, 1m20s, 5m0s) into seconds. */
export function parseGoDuration(s: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(s);
  if (!m || !s) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** The back-off in a waiting message, e.g. "back-off 40s restarting failed container=app …". */
export function backoffFromMessage(message: string | undefined): number | undefined {
  const m = /back-off ((?:\d+h)?(?:\d+m)?(?:\d+(?:\.\d+)?s)?) restarting/i.exec(message ?? '');
  return m?.[1] ? parseGoDuration(m[1]) : undefined;
}

/** Which step of the schedule a back-off is (1-based), and what comes next. */
export function backoffStep(seconds: number): { step: number; of: number; next: number } {
  const sched = backoffSchedule();
  let i = sched.findIndex(s => s >= seconds);
  if (i < 0) i = sched.length - 1;
  return { step: i + 1, of: sched.length, next: sched[Math.min(i + 1, sched.length - 1)] };
}

/**
 * The delay the kubelet's default applies before restart `k` (1-based) since the last reset: the
 * first restart is immediate, then 10 s doubling to the cap. Nodes can be configured shorter
 * (kubelet crashLoopBackOff.maxContainerRestartPeriod, Kubernetes 1.32+).
 */
export function defaultDelay(k: number): number {
  if (k <= 1) return 0;
  return Math.min(BACKOFF_MAX_S, BACKOFF_INITIAL_S * 2 ** (k - 2));
}

/** How far an observed delay may exceed the default: the kubelet only restarts on its next sync. */
export const SYNC_SLACK_S = 30;

export interface ObservedDelay {
  /** The instance that ended and the one that started after it. */
  from: number;
  to: number;
  seconds: number;
  expected: number;
  verdict: 'as-default' | 'shorter' | 'longer';
}

interface Run {
  ordinal: number;
  startedAt?: string;
  finishedAt?: string;
  /** Ends that restart without back-off (a recreated sandbox, a whole-pod restart, a resize). */
  immediate?: boolean;
}

/** The delays between consecutive instances we know both ends of, against the default schedule. */
export function observedDelays(runs: readonly Run[]): ObservedDelay[] {
  const sorted = [...runs].sort((x, y) => x.ordinal - y.ordinal);
  const out: ObservedDelay[] = [];
  let k = 0; // restarts since the back-off was last reset, as far as we can tell
  let lastOrdinal: number | undefined;
  for (let n = 0; n + 1 < sorted.length; n++) {
    const a = sorted[n],
      b = sorted[n + 1];
    const end = Date.parse(a.finishedAt ?? ''),
      start = Date.parse(b.startedAt ?? ''),
      began = Date.parse(a.startedAt ?? '');
    if (b.ordinal !== a.ordinal + 1 || !Number.isFinite(end) || !Number.isFinite(start) || a.immediate) continue;
    // Unknown earlier runs: count restarts from the ordinal; a run of 10 minutes resets the back-off.
    k = lastOrdinal === a.ordinal ? k + 1 : a.ordinal;
    if (Number.isFinite(began) && end - began >= BACKOFF_RESET_S * 1000) k = 1;
    lastOrdinal = b.ordinal;
    const seconds = Math.max(0, Math.round((start - end) / 1000));
    const expected = defaultDelay(k);
    const verdict = seconds < expected - 1 ? 'shorter' : seconds > expected + SYNC_SLACK_S ? 'longer' : 'as-default';
    out.push({ from: a.ordinal, to: b.ordinal, seconds, expected, verdict });
  }
  return out;
}

/** A countdown that never runs past its end: seconds left, or due (never negative, never growing). */
export function backoffCountdown(
  until: string | undefined,
  now: number,
): { due: boolean; seconds: number } | undefined {
  const t = Date.parse(until ?? '');
  if (!Number.isFinite(t)) return undefined;
  const left = Math.ceil((t - now) / 1000);
  return left > 0 ? { due: false, seconds: left } : { due: true, seconds: 0 };
}
