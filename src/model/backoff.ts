// The kubelet's crash back-off: 10 s doubling to a 300 s cap, reset after a container has run
// for 10 minutes. The API only exposes it in the waiting message ("back-off 40s restarting …").
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
