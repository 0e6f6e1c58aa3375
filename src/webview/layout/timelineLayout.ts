// Snapshot + time window + width -> where every lane, bar, band, gap and marker of the timeline
// chart goes. Pure (no DOM): unit-tested in Node, drawn by media/anatomy/timeline.ts.
import type { ContainerKind } from '../../model/anatomy';
import { clock, duration, oneLine, parseTime } from '../../model/format';
import type { InstanceRecord, SandboxGeneration } from '../../model/history';
import { TimeWindow, scaleX, ticks } from './scale';

export const KIND_ORDER: ContainerKind[] = ['init', 'sidecar', 'app', 'ephemeral'];
export const KIND_LABEL: Record<ContainerKind, string> = {
  init: 'init',
  sidecar: 'sidecars',
  app: 'app',
  ephemeral: 'ephemeral',
};

export interface LayoutInput {
  /** The pod's containers, in spec order (lanes keep this order within a kind). */
  containers: readonly { name: string; kind: ContainerKind; restartCount?: number; state?: string }[];
  instances: readonly InstanceRecord[];
  generations: readonly SandboxGeneration[];
  /** The current sandbox (snapshot.current): its band runs to now. */
  current: { generation: number; podIP?: string };
  /** Why an instance ended, by instanceKey: whatever cause text the snapshot carries. */
  causes?: Readonly<Record<string, { text: string; kind?: string }>>;
  /** Back-offs in progress: container -> when the next start is due. */
  backoffs?: Readonly<Record<string, string | undefined>>;
  now: number;
  window: TimeWindow;
  width: number;
}

export type Outcome = 'running' | 'ok' | 'error' | 'unknown';
export type MarkerKind = 'sandbox-recreated' | 'restart-all' | 'probe-kill' | 'resize';

export interface Lane {
  container: string;
  kind: ContainerKind;
  y: number;
  h: number;
  /** Still in the spec (false: only its history remains). */
  inSpec: boolean;
  /** Instances known without any time (e.g. recovered from lastState without timestamps): not drawn. */
  untimed: number;
}
export interface GroupRow {
  kind: ContainerKind;
  label: string;
  y: number;
}
export interface Bar {
  key: string;
  container: string;
  kind: ContainerKind;
  ordinal: number;
  generation: number;
  x: number;
  w: number;
  y: number;
  h: number;
  outcome: Outcome;
  /** "#3 exit 1 Error · sandbox recreated": drawn when it fits (`labelFits`), always in the details. */
  label: string;
  labelFits: boolean;
  /** The start or end lies outside the window (drawn cut, not closed). */
  cutLeft: boolean;
  cutRight: boolean;
  /** The end is not known: neither seen to finish nor running now. */
  openEnd: boolean;
  startMs?: number;
  endMs?: number;
  cause?: string;
  record: InstanceRecord;
}
export interface Gap {
  container: string;
  x: number;
  w: number;
  y: number;
  h: number;
  label: string;
  /** Still waiting: the next start is due in the future (or overdue). */
  pending: boolean;
}
export interface Band {
  generation: number;
  x: number;
  w: number;
  label: string;
  current: boolean;
}
export interface Marker {
  kind: MarkerKind;
  x: number;
  at: number;
  label: string;
}
export interface Tick {
  x: number;
  label: string;
}
export interface TimelineLayout {
  width: number;
  height: number;
  plot: { x0: number; x1: number; top: number; bottom: number };
  ticks: Tick[];
  bands: Band[];
  groups: GroupRow[];
  lanes: Lane[];
  bars: Bar[];
  gaps: Gap[];
  markers: Marker[];
  /** x of now, when inside the window. */
  nowX?: number;
}

/** One instance: its container, ordinal and ID (a whole-pod in-place restart can repeat an ordinal). */
export const instanceKey = (i: Pick<InstanceRecord, 'container' | 'ordinal' | 'shortId'>) =>
  `${i.container}#${i.ordinal}${i.shortId ? `@${i.shortId}` : ''}`;

/** Each container's instances in the order they ran. */
function instancesByContainer(all: readonly InstanceRecord[]): Map<string, InstanceRecord[]> {
  const out = new Map<string, InstanceRecord[]>();
  for (const i of all) {
    const list = out.get(i.container);
    if (list) list.push(i);
    else out.set(i.container, [i]);
  }
  const t = (i: InstanceRecord) => parseTime(i.startedAt) ?? parseTime(i.finishedAt) ?? 0;
  for (const list of out.values()) list.sort((a, b) => a.ordinal - b.ordinal || t(a) - t(b));
  return out;
}

const AXIS_H = 22;
const BAND_H = 20;
const GROUP_H = 18;
/** Characters per pixel at the chart's font size, to decide whether a label fits in its bar. */
const CHAR_PX = 6.6;
/** An instance that started and ended in the same second still shows (times have 1 s resolution). */
const MIN_BAR_PX = 4;

/** Lanes fold thinner when there are many containers, so 100 still read as a whole. */
export function laneHeight(n: number): number {
  return n <= 12 ? 24 : n <= 40 ? 18 : 12;
}
export function gutterWidth(width: number): number {
  return Math.round(Math.min(170, Math.max(90, width * 0.18)));
}

function laneOrder(input: LayoutInput): { name: string; kind: ContainerKind; inSpec: boolean }[] {
  const seen = new Set(input.containers.map(c => c.name));
  const all = input.containers.map(c => ({ name: c.name, kind: c.kind, inSpec: true }));
  for (const i of input.instances)
    if (!seen.has(i.container)) {
      seen.add(i.container);
      all.push({ name: i.container, kind: i.kind, inSpec: false });
    }
  return KIND_ORDER.flatMap(k => all.filter(c => c.kind === k));
}

function outcomeOf(i: InstanceRecord, running: boolean): Outcome {
  if (running) return 'running';
  if (i.exitCode === 0) return 'ok';
  if (i.exitCode !== undefined) return 'error';
  return 'unknown';
}

export function barLabel(i: InstanceRecord, outcome: Outcome, cause?: string): string {
  const parts = [`#${i.ordinal}`];
  if (outcome === 'running') parts.push('running');
  else if (i.exitCode !== undefined) parts.push(`exit ${i.exitCode}${i.reason ? ` ${oneLine(i.reason, 40)}` : ''}`);
  else parts.push('end not seen');
  if (cause) parts.push(oneLine(cause, 60));
  return parts.join(' · ');
}

/** The instance that runs now: the last of a container whose status says running, with no end. */
function runningKeys(input: LayoutInput, lists: Map<string, InstanceRecord[]>): Set<string> {
  const out = new Set<string>();
  for (const c of input.containers) {
    const list = lists.get(c.name);
    const i = list?.[list.length - 1];
    if (i && !i.finishedAt && c.state === 'running') out.add(instanceKey(i));
  }
  return out;
}

function bandsOf(input: LayoutInput, x: (t: number) => number, x0: number, x1: number): Band[] {
  const gens = [...input.generations].sort((a, b) => a.generation - b.generation);
  if (!gens.length)
    gens.push({ generation: input.current.generation, podIP: input.current.podIP, cause: 'initial', evidence: '' });
  const out: Band[] = [];
  gens.forEach((g, k) => {
    const start = parseTime(g.since) ?? -Infinity;
    const next = parseTime(gens[k + 1]?.since);
    const end = next ?? input.now;
    const a = Math.max(x0, x(start)),
      b = Math.min(x1, x(end));
    if (b <= a) return;
    const current = g.generation === input.current.generation;
    const ip = g.podIP ?? (current ? input.current.podIP : undefined);
    out.push({
      generation: g.generation,
      x: a,
      w: b - a,
      current,
      label: `sandbox ${g.generation} · ${ip ? `IP ${ip}` : 'IP not seen'}`,
    });
  });
  return out;
}

function markersOf(
  input: LayoutInput,
  lists: Map<string, InstanceRecord[]>,
  bars: Bar[],
  x: (t: number) => number,
  x0: number,
  x1: number,
): Marker[] {
  const out: Marker[] = [];
  const add = (kind: MarkerKind, at: number, label: string) => {
    const mx = x(at);
    if (mx >= x0 && mx <= x1) out.push({ kind, at, x: mx, label });
  };
  for (const g of input.generations) {
    const at = parseTime(g.since);
    if (at !== undefined && g.cause !== 'initial')
      add(
        'sandbox-recreated',
        at,
        // The model's own evidence says how the new generation was seen (event, new IP, all restarted).
        `sandbox ${g.generation} from ${clock(g.since)}${g.podIP ? `, IP ${g.podIP}` : ''}: ${oneLine(g.evidence, 160)}`,
      );
  }
  // Every container of the pod starting a new instance within two seconds, in the same sandbox: a
  // whole-pod restart (what we saw, not a guess at why).
  const lanes = new Set(input.containers.filter(c => c.kind !== 'ephemeral' && c.kind !== 'init').map(c => c.name));
  if (lanes.size >= 2) {
    // Only restarts inside the sandbox their previous instance ran in: a new sandbox restarts everything anyway.
    const starts = [...lanes]
      .flatMap(name => (lists.get(name) ?? []).filter((i, k, l) => k > 0 && l[k - 1].generation === i.generation))
      .filter(i => parseTime(i.startedAt) !== undefined)
      .map(i => ({ i, t: parseTime(i.startedAt)! }))
      .sort((a, b) => a.t - b.t);
    // One sweep: a window of starts no more than two seconds apart, in one generation.
    let k = 0;
    while (k < starts.length) {
      let e = k + 1;
      while (
        e < starts.length &&
        starts[e].t - starts[k].t <= 2000 &&
        starts[e].i.generation === starts[k].i.generation
      )
        e++;
      const together = new Set(starts.slice(k, e).map(s => s.i.container));
      if (together.size === lanes.size) {
        const at = starts[k].t;
        add('restart-all', at, `every container restarted together ${clock(new Date(at).toISOString())}, same sandbox`);
      }
      k = e;
    }
  }
  for (const b of bars) {
    const kind = b.cause ? input.causes?.[b.key]?.kind : undefined;
    if ((kind === 'probe-kill' || kind === 'resize') && b.endMs !== undefined)
      add(kind, b.endMs, `${b.container} ${b.label}`);
  }
  return out.sort((a, b) => a.at - b.at);
}

export function layoutTimeline(input: LayoutInput): TimelineLayout {
  const { window: win, now } = input;
  const order = laneOrder(input);
  const laneH = laneHeight(order.length);
  const x0 = gutterWidth(input.width),
    x1 = Math.max(x0 + 40, input.width - 8);
  const x = scaleX(win, x0, x1);
  const top = AXIS_H + BAND_H + 4;
  // Lanes, a group row before each kind.
  const groups: GroupRow[] = [];
  const lanes: Lane[] = [];
  let y = top;
  for (const c of order) {
    if (!groups.length || groups[groups.length - 1].kind !== c.kind) {
      groups.push({ kind: c.kind, label: KIND_LABEL[c.kind], y });
      y += GROUP_H;
    }
    lanes.push({ container: c.name, kind: c.kind, y, h: laneH, inSpec: c.inSpec, untimed: 0 });
    y += laneH;
  }
  const laneOf = new Map(lanes.map(l => [l.container, l]));
  const byContainer = instancesByContainer(input.instances);
  const running = runningKeys(input, byContainer);
  const bars: Bar[] = [];
  const gaps: Gap[] = [];
  for (const [name, list] of byContainer) {
    const lane = laneOf.get(name)!;
    list.forEach((i, k) => {
      const key = instanceKey(i);
      const isRunning = running.has(key);
      const start = parseTime(i.startedAt) ?? parseTime(i.finishedAt);
      if (start === undefined) lane.untimed++;
      const nextStart = parseTime(list[k + 1]?.startedAt);
      const seenEnd = parseTime(i.finishedAt);
      const openEnd = seenEnd === undefined && !isRunning;
      const end = seenEnd ?? (isRunning ? now : (nextStart ?? now));
      if (start !== undefined && end >= win.from && start <= win.to) {
        const a = x(start),
          b = x(end);
        const ca = Math.max(x0, a),
          cb = Math.min(x1, Math.max(b, a + MIN_BAR_PX));
        const outcome = outcomeOf(i, isRunning);
        const cause = input.causes?.[key]?.text;
        const label = barLabel(i, outcome, cause);
        const w = Math.max(MIN_BAR_PX, cb - ca);
        bars.push({
          key,
          container: name,
          kind: i.kind,
          ordinal: i.ordinal,
          generation: i.generation,
          x: ca,
          w,
          y: lane.y + 3,
          h: lane.h - 6,
          outcome,
          label,
          labelFits: w - 8 >= label.length * CHAR_PX && lane.h >= 18,
          cutLeft: a < x0,
          cutRight: b > x1,
          openEnd,
          startMs: start,
          endMs: seenEnd ?? (isRunning ? undefined : nextStart),
          cause,
          record: i,
        });
      }
      // The wait between an exit and the next start: the kubelet's restart back-off.
      const waitTo = nextStart ?? (k === list.length - 1 ? parseTime(input.backoffs?.[name]) : undefined);
      if (seenEnd !== undefined && waitTo !== undefined && waitTo - seenEnd >= 1000) {
        const a = Math.max(x0, x(seenEnd)),
          b = Math.min(x1, x(waitTo));
        if (b > a)
          gaps.push({
            container: name,
            x: a,
            w: b - a,
            y: lane.y + lane.h / 2,
            h: lane.h,
            pending: nextStart === undefined,
            label: `waited ${duration(waitTo - seenEnd)} before #${i.ordinal + 1} (back-off)`,
          });
      }
    });
  }
  const tickList = ticks(win, x1 - x0).map(t => ({ x: x(t), label: clock(new Date(t).toISOString()) }));
  const nx = x(now);
  return {
    width: input.width,
    height: y + 6,
    plot: { x0, x1, top, bottom: y },
    ticks: tickList,
    bands: bandsOf(input, x, x0, x1),
    groups,
    lanes,
    bars,
    gaps,
    markers: markersOf(input, byContainer, bars, x, x0, x1),
    nowX: nx >= x0 && nx <= x1 ? nx : undefined,
  };
}

/** Every time the chart knows of, for "fit". */
export function timesOf(input: Pick<LayoutInput, 'instances' | 'generations'>): number[] {
  const out: number[] = [];
  for (const i of input.instances) for (const t of [i.startedAt, i.finishedAt]) out.push(parseTime(t) ?? NaN);
  for (const g of input.generations) out.push(parseTime(g.since) ?? NaN);
  return out;
}
