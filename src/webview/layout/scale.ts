// Time <-> x, ticks and the view window's zoom and pan: the few pieces of d3-scale/d3-zoom the
// timeline needs, written here (no dependency, nothing to load under the page's CSP).

export interface TimeWindow {
  from: number;
  to: number;
}

/** The narrowest window one can zoom to, and the widest (a week). */
export const MIN_SPAN_MS = 2_000;
export const MAX_SPAN_MS = 7 * 24 * 3600_000;

export function scaleX(w: TimeWindow, x0: number, x1: number): (t: number) => number {
  const k = (x1 - x0) / Math.max(1, w.to - w.from);
  return t => x0 + (t - w.from) * k;
}

export function timeAt(w: TimeWindow, x0: number, x1: number, x: number): number {
  return w.from + ((x - x0) / Math.max(1, x1 - x0)) * (w.to - w.from);
}

const STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map(
  s => s * 1000,
);

/** Round times, at least `minPx` apart, inside the window. */
export function ticks(w: TimeWindow, plotWidth: number, minPx = 90): number[] {
  const span = w.to - w.from;
  const step = STEPS_MS.find(s => (s / span) * plotWidth >= minPx) ?? STEPS_MS[STEPS_MS.length - 1];
  const out: number[] = [];
  for (let t = Math.ceil(w.from / step) * step; t <= w.to && out.length < 200; t += step) out.push(t);
  return out;
}

function clampSpan(span: number): number {
  return Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, span));
}

/** Zooms by `factor` (< 1 zooms in) keeping the time under `anchor` where it is. */
export function zoom(w: TimeWindow, factor: number, anchor = (w.from + w.to) / 2): TimeWindow {
  const span = clampSpan((w.to - w.from) * factor);
  const r = (anchor - w.from) / Math.max(1, w.to - w.from);
  const from = anchor - r * span;
  return { from, to: from + span };
}

export function pan(w: TimeWindow, dt: number): TimeWindow {
  return { from: w.from + dt, to: w.to + dt };
}

/** The last `ms` up to now, with a little room after now so the running bars' ends show. */
export function lastWindow(now: number, ms: number): TimeWindow {
  return { from: now - ms, to: now + ms * 0.04 };
}

/** Everything from the first to the last time, with a margin; a lone instant gets ten seconds. */
export function fitWindow(times: number[], now: number): TimeWindow {
  const ts = times.filter(Number.isFinite);
  if (!ts.length) return lastWindow(now, 5 * 60_000);
  const lo = Math.min(...ts);
  const hi = Math.max(now, ...ts);
  const span = clampSpan(Math.max(hi - lo, 10_000));
  const pad = span * 0.04;
  return { from: lo - pad, to: lo + span + pad };
}
