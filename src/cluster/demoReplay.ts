// The built-in demo's cluster: watch streams recorded from a real kubelet (media/demo, packed by
// scripts/demo-pack.mjs), replayed on a loop as an API server would send them. Times are shifted so
// each round happens now (never later than the moment it is sent); each round the pods are deleted and
// created again under new UIDs, so time never runs backwards for a pod. No vscode and no network here.
import { gunzipSync } from 'zlib';
import { readFileSync } from 'fs';

export type DemoKind = 'Pod' | 'Event' | 'Node';
export interface DemoRecord {
  /** ms since the recording started */
  t: number;
  kind: DemoKind;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: DemoObject;
}
export interface DemoObject {
  metadata?: { uid?: string; name?: string; namespace?: string; resourceVersion?: string };
  involvedObject?: { uid?: string };
  [k: string]: unknown;
}
export interface DemoRecording {
  /** Where the recording comes from, in words ("recorded from a real kubelet v1.37.2 (containerd://2.4.2)"). */
  source: string;
  /** Pod name -> what it shows. */
  pods: Record<string, string>;
  records: DemoRecord[];
}
export interface DemoWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: DemoObject;
  rv: number;
}

export const DEMO_NAMESPACE = 'demo';
/** How long the end of a round stays on screen before the pods are created again. */
export const DEMO_HOLD_MS = 30_000;
const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z$/;
/** Watch history kept for resuming watches; an older resourceVersion gets 410 Gone, as from an API server. */
const LOG_LIMIT = 2000;

export function parseDemo(text: string): DemoRecording {
  const [head, ...lines] = text.split('\n').filter(Boolean);
  const h = JSON.parse(head) as { demo?: number; source?: string; pods?: Record<string, string> };
  if (h.demo !== 1) throw new Error('not a Pod X-Ray demo recording');
  const records = lines.map(l => JSON.parse(l) as DemoRecord).sort((a, b) => a.t - b.t);
  return { source: h.source ?? 'recorded', pods: h.pods ?? {}, records };
}

export function readDemoFile(file: string): DemoRecording {
  return parseDemo(gunzipSync(readFileSync(file)).toString('utf8'));
}

/** Every timestamp in an object, moved by `shift` ms (same precision as recorded). */
export function shiftTimes<T>(o: T, shift: number): T {
  if (typeof o === 'string') {
    const m = ISO.exec(o);
    if (!m) return o;
    const d = new Date(Date.parse(o) + shift).toISOString(); // …sss Z
    const frac = m[2] ?? '';
    if (!frac) return `${d.slice(0, 19)}Z` as T;
    // Keep sub-millisecond digits as recorded (MicroTime), the milliseconds moved.
    return `${d.slice(0, 19)}${(d.slice(19, 23) + frac.slice(4)).slice(0, frac.length)}Z` as T;
  }
  if (Array.isArray(o)) return o.map(x => shiftTimes(x, shift)) as T;
  if (o && typeof o === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = shiftTimes(v, shift);
    return out as T;
  }
  return o;
}

/**
 * The latest wall time of the recording's start that its timestamps allow: every timestamp in a record
 * is at most its start + t. Shifting by (round start - this) then never puts a time in the future.
 */
export function recordedStart(records: DemoRecord[]): number {
  let start = -Infinity;
  const walk = (o: unknown, t: number): void => {
    if (typeof o === 'string') {
      if (ISO.test(o)) start = Math.max(start, Date.parse(o) - t);
    } else if (o && typeof o === 'object') for (const v of Object.values(o)) walk(v, t);
  };
  for (const r of records) if (r.kind !== 'Node') walk(r.object, r.t);
  return Number.isFinite(start) ? start : 0;
}

/** A UID for round n: the recorded one in round 0, then one that differs in its last hex digits. */
export function roundUid(uid: string | undefined, round: number): string | undefined {
  if (!uid || round === 0) return uid;
  const tail = parseInt(uid.slice(-4), 16);
  if (Number.isNaN(tail)) return `${uid}-${round}`;
  return uid.slice(0, -4) + ((tail ^ round) & 0xffff).toString(16).padStart(4, '0');
}

export interface DemoClock {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
}
const realClock: DemoClock = {
  now: () => Date.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: h => clearTimeout(h as NodeJS.Timeout),
};

type Listener = (e: DemoWatchEvent) => void;

/** The replayed cluster: current objects per kind, a resourceVersion, watchers. Runs only while watched. */
export class DemoReplay {
  private readonly objects: Record<DemoKind, Map<string, DemoObject>> = {
    Pod: new Map(),
    Event: new Map(),
    Node: new Map(),
  };
  private readonly log: (DemoWatchEvent & { kind: DemoKind })[] = [];
  private readonly listeners = new Map<DemoKind, Set<Listener>>();
  private rv = 0;
  private round = 0;
  private roundStart: number;
  private next = 0;
  private timer?: unknown;
  private readonly first: number;
  private readonly last: number;
  private readonly start: number;

  constructor(
    readonly recording: DemoRecording,
    private readonly clock: DemoClock = realClock,
    private readonly holdMs = DEMO_HOLD_MS,
  ) {
    const rs = recording.records;
    this.first = rs.length ? rs[0].t : 0;
    this.last = rs.length ? rs[rs.length - 1].t : 0;
    this.start = recordedStart(rs);
    this.roundStart = clock.now();
  }

  get resourceVersion(): string {
    return String(this.rv);
  }
  /** Which round of the loop is playing (0 first). */
  get rounds(): number {
    return this.round;
  }

  /** What a list returns now. */
  list(kind: DemoKind, namespace?: string): { items: DemoObject[]; resourceVersion: string } {
    this.advance();
    const items = [...this.objects[kind].values()].filter(
      o => namespace === undefined || o.metadata?.namespace === namespace,
    );
    return { items: items.map(copy), resourceVersion: this.resourceVersion };
  }

  /**
   * Watch from a resourceVersion: what happened since, then what happens. Throws a 410-like error
   * (gone: true) when that version is older than the kept history.
   */
  watch(kind: DemoKind, fromRv: string | undefined, l: Listener): () => void {
    this.advance();
    const from = Number(fromRv || this.rv);
    const oldest = this.log.length ? this.log[0].rv - 1 : this.rv;
    if (from < oldest) throw Object.assign(new Error('too old resource version'), { gone: true });
    for (const e of this.log) if (e.kind === kind && e.rv > from) l({ ...e, object: copy(e.object) });
    let set = this.listeners.get(kind);
    if (!set) this.listeners.set(kind, (set = new Set()));
    set.add(l);
    this.schedule();
    return () => {
      set.delete(l);
      if (![...this.listeners.values()].some(s => s.size)) this.stop();
    };
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** When the next record (or the next round) is due, in wall time. */
  private dueAt(): number {
    const rs = this.recording.records;
    if (this.next < rs.length) return this.roundStart + (rs[this.next].t - this.first);
    return this.roundStart + (this.last - this.first) + this.holdMs;
  }

  private schedule(): void {
    if (this.timer !== undefined || !this.recording.records.length) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.advance();
        if ([...this.listeners.values()].some(s => s.size)) this.schedule();
      },
      Math.max(0, this.dueAt() - this.clock.now()),
    );
  }

  /** Apply everything due by now, rounds included. */
  advance(): void {
    const rs = this.recording.records;
    if (!rs.length) return;
    for (let guard = 0; guard < 10_000 && this.dueAt() <= this.clock.now(); guard++) {
      if (this.next < rs.length) this.apply(rs[this.next++]);
      else this.newRound();
    }
  }

  private apply(r: DemoRecord): void {
    // Round n happens now: shift its times so that the record's own moment is when it is sent.
    const shift = this.roundStart - this.first - this.start;
    const o = shiftTimes(r.object, shift);
    const meta = (o.metadata ??= {});
    if (r.kind !== 'Node') {
      meta.uid = roundUid(meta.uid, this.round);
      if (r.kind === 'Event' && o.involvedObject)
        o.involvedObject = { ...o.involvedObject, uid: roundUid(o.involvedObject.uid, this.round) };
    } else if (this.round > 0) return; // the node stays from the first round
    this.emit(r.kind, r.type, o);
  }

  /** The round is over: its pods and events are deleted, and the next round starts now. */
  private newRound(): void {
    const end = this.dueAt();
    for (const kind of ['Event', 'Pod'] as const)
      for (const o of [...this.objects[kind].values()]) this.emit(kind, 'DELETED', o);
    this.round++;
    this.next = 0;
    // Long unwatched (a sleeping laptop): start the next round now instead of replaying every missed one.
    const length = this.last - this.first + this.holdMs;
    this.roundStart = this.clock.now() - end > length ? this.clock.now() : end;
  }

  private emit(kind: DemoKind, type: DemoWatchEvent['type'], o: DemoObject): void {
    const key = o.metadata?.uid ?? o.metadata?.name ?? '';
    const obj: DemoObject = { ...o, metadata: { ...o.metadata, resourceVersion: String(++this.rv) } };
    if (type === 'DELETED') this.objects[kind].delete(key);
    else this.objects[kind].set(key, obj);
    const e = { kind, type, object: obj, rv: this.rv };
    this.log.push(e);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
    for (const l of [...(this.listeners.get(kind) ?? [])]) l({ type, object: copy(obj), rv: this.rv });
  }
}

function copy<T>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}
