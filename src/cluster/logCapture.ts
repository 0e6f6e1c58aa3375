// Crash logs for every instance (issue 19 §1), the running part: watches each session's store for
// instance ends, fetches a bounded tail of each ended instance's logs, checks the lines are that
// instance's, and keeps them (storage/logFiles.ts). Never on the watch's hot path: a store change
// only marks the pod; a timer batch decides, and at most `concurrency` fetches run at once.
import {
  CaptureQueue,
  CaptureTarget,
  KeptLog,
  LogRequestKind,
  POD_GONE_WHY,
  REPLACED_WHY,
  checkLines,
  failureOf,
  instancesToCapture,
  lastBytes,
  requestFor,
} from '../model/crashCapture';
import type { ContainerAnatomy } from '../model/anatomy';
import { ApiError } from './errors';
import { ClusterRegistry, historyKey } from './registry';
import { ClusterSession } from './session';

/** Where kept logs live (storage/logFiles.ts; the cluster layer does not import storage). */
/** How long a just-terminated instance's log is given to be complete (seen missing its last line). */
const SETTLE_MS = 1500;
const settle = () => new Promise<void>(r => setTimeout(r, SETTLE_MS));

export interface KeptLogStore {
  load(): Promise<void>;
  /** A record (kept or failed) exists for this instance. */
  state(contextKey: string, containerId: string): { outcome: 'kept' | 'failed' } | undefined;
  read(contextKey: string, containerId: string): Promise<KeptLog | undefined>;
  put(contextKey: string, k: KeptLog): Promise<void>;
}

export interface CaptureSettings {
  enabled: boolean;
  tailLines: number;
  maxKB: number;
}
export const DEFAULT_TAIL_LINES = 1000;
export const DEFAULT_MAX_KB = 256;
/** Bytes a timestamp prefix adds to each line (`2024-01-02T03:04:05.123456789Z `). */
const STAMP_BYTES = 40;

/** The raw tail of one instance's logs, with timestamps (so its lines can be checked). */
export async function fetchLogTail(
  s: ClusterSession,
  t: CaptureTarget,
  request: LogRequestKind,
  tailLines: number,
  maxBytes: number,
): Promise<{ text: string; hitLimit: boolean }> {
  if (!s.client) throw new ApiError(s.state.cause ?? 'no usable configuration', undefined, 'config');
  // limitBytes cuts the tail's END; ask for enough that the kept part (the last maxBytes) is complete.
  const limitBytes = maxBytes + tailLines * STAMP_BYTES;
  const q = new URLSearchParams({
    container: t.container,
    previous: String(request === 'previous'),
    timestamps: 'true',
    tailLines: String(tailLines),
    limitBytes: String(limitBytes),
  });
  const path = `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/${encodeURIComponent(t.pod)}/log?${q}`;
  let text = '';
  await new Promise<void>((resolve, reject) => {
    s.client!.streamText(
      path,
      chunk => (text += chunk),
      err => (err ? reject(err) : resolve()),
      `logs of ${t.pod}/${t.container}`,
      30_000,
    ).catch(reject);
  });
  return { text, hitLimit: Buffer.byteLength(text) >= limitBytes };
}

const BATCH_PODS = 2000;

/** One session's capture: its queue, its pods waiting for a look, its fetches. */
class SessionCapture {
  private readonly queue: CaptureQueue;
  private readonly dirty = new Set<string>();
  /** Pods looked at before: their next ends are seen as they happen. */
  private readonly seen = new Set<string>();
  private timer?: NodeJS.Timeout;
  /** Instances being fetched now (tree rows say "keeping logs…"). */
  readonly inFlight = new Set<string>();
  private stopped = false;

  constructor(
    readonly session: ClusterSession,
    private readonly files: KeptLogStore,
    readonly contextKey: string,
    private readonly settings: () => CaptureSettings,
    concurrency: number,
    private readonly changed: (uid: string) => void,
  ) {
    this.queue = new CaptureQueue(concurrency);
    // The hot path: mark and leave.
    session.store.onChange(c => {
      if (this.stopped) return;
      if (c.kind === 'pod' && c.deleted) this.podDeleted(c.uid);
      else if (c.kind === 'pod') this.mark([c.uid]);
      else if (c.kind === 'namespace') this.mark(session.store.podUids(c.namespace));
    });
  }

  private mark(uids: readonly string[]): void {
    if (!this.settings().enabled) return;
    for (const u of uids) this.dirty.add(u);
    this.timer ??= setTimeout(() => void this.batch(), 50);
  }

  private async batch(): Promise<void> {
    await this.files.load();
    this.timer = undefined;
    // At most BATCH_PODS a turn: a first look at a whole cluster (50,000 pods) in one go kept the
    // extension host from anything else (the palette, the tree) for hundreds of ms.
    const uids: string[] = [];
    for (const u of this.dirty) {
      if (uids.length >= BATCH_PODS) break;
      uids.push(u);
    }
    for (const u of uids) this.dirty.delete(u);
    if (this.dirty.size) this.timer = setTimeout(() => void this.batch(), 0);
    const known = (id: string) => this.queue.known(id) || !!this.files.state(this.contextKey, id);
    for (const uid of uids) {
      const pod = this.session.store.pod(uid);
      if (!pod) continue;
      // The first look at a pod finds ends that happened before: see instancesToCapture.
      for (const t of instancesToCapture(pod, known, !this.seen.has(uid))) this.queue.add(t);
      this.seen.add(uid);
    }
    this.pump();
  }

  private pump(): void {
    let t: CaptureTarget | undefined;
    while (!this.stopped && (t = this.queue.take())) {
      const target = t;
      this.inFlight.add(target.containerId);
      this.changed(target.uid);
      void this.capture(target)
        .catch(() => undefined)
        .finally(() => {
          this.inFlight.delete(target.containerId);
          this.queue.done();
          this.changed(target.uid);
          this.pump();
        });
    }
  }

  private podDeleted(uid: string): void {
    this.seen.delete(uid);
    for (const t of this.queue.dropPod(uid)) void this.keep(this.failed(t, 'pod-deleted', POD_GONE_WHY));
  }

  private container(t: CaptureTarget): ContainerAnatomy | undefined {
    return this.session.store.anatomy(t.uid)?.containers.find(c => c.name === t.container);
  }

  private async capture(t: CaptureTarget, retried = false): Promise<void> {
    // Seen terminated this moment: the runtime may still be copying the last lines (the crash itself,
    // often on stderr) into the log file. Wait for it, or the kept log lacks exactly those lines.
    if (!retried && requestFor(t, this.container(t)) === 'current') await settle();
    if (!this.session.store.pod(t.uid)) return this.keep(this.failed(t, 'pod-deleted', POD_GONE_WHY));
    const request = requestFor(t, this.container(t));
    if (!request) return this.keep(this.failed(t, 'replaced', REPLACED_WHY));
    const { tailLines, maxKB } = this.settings();
    let got: { text: string; hitLimit: boolean };
    try {
      got = await fetchLogTail(this.session, t, request, tailLines, maxKB * 1024);
    } catch (e) {
      const f = failureOf((e as ApiError).status, (e as Error).message ?? String(e));
      return this.keep(this.failed(t, f.kind, f.why));
    }
    const stillSame = requestFor(t, this.container(t)) === request;
    const checked = checkLines(got.text, t, stillSame);
    if (!checked.ok) {
      // The container restarted during a plain fetch: lastState now names this instance.
      if (!retried && request === 'current' && requestFor(t, this.container(t)) === 'previous')
        return this.capture(t, true);
      return this.keep(this.failed(t, 'unverified', checked.why));
    }
    const kept = lastBytes(checked.text, maxKB * 1024);
    await this.keep({
      v: 1,
      target: t,
      keptAt: new Date().toISOString(),
      outcome: 'kept',
      request,
      text: kept.text,
      lines: checked.lines,
      attribution: checked.attribution,
      cutStart: kept.cut || undefined,
      endMayBeMissing: got.hitLimit || undefined,
    });
  }

  private failed(t: CaptureTarget, kind: NonNullable<KeptLog['failure']>['kind'], why: string): KeptLog {
    return { v: 1, target: t, keptAt: new Date().toISOString(), outcome: 'failed', failure: { kind, why } };
  }

  private keep(k: KeptLog): Promise<void> {
    return this.files.put(this.contextKey, k).catch(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

/** Capture for every session the registry creates. */
export class CrashLogCapture {
  private readonly sessions = new Map<ClusterSession, SessionCapture>();
  private readonly listeners = new Set<(uid: string) => void>();

  constructor(
    readonly files: KeptLogStore,
    private readonly settings: () => CaptureSettings,
    private readonly concurrency = 2,
  ) {}

  attach(registry: ClusterRegistry): () => void {
    void this.files.load();
    return registry.onDidCreateSession(s => {
      const key = historyKey(s.info);
      for (const [old, c] of this.sessions)
        if (c.contextKey === key) {
          c.stop();
          this.sessions.delete(old);
        }
      this.sessions.set(s, new SessionCapture(s, this.files, key, this.settings, this.concurrency, u => this.fire(u)));
    });
  }

  /** Capturing started or ended for an instance of this pod (kept records: files.onDidChange). */
  onDidChange(l: (uid: string) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  private fire(uid: string): void {
    for (const l of [...this.listeners]) l(uid);
  }

  /** What an instance row shows: kept, failed, being fetched, or nothing known. */
  state(s: ClusterSession, containerId: string | undefined) {
    if (!containerId) return { capturing: false };
    const c = this.sessions.get(s);
    return {
      capturing: !!c?.inFlight.has(containerId),
      kept: this.files.state(historyKey(s.info), containerId),
    };
  }

  /** The kept record of an instance of a session's context. */
  read(s: ClusterSession, containerId: string): Promise<KeptLog | undefined> {
    return this.files.read(historyKey(s.info), containerId);
  }

  dispose(): void {
    for (const c of this.sessions.values()) c.stop();
    this.sessions.clear();
  }
}

/** A pod the context's history marks deleted, or no longer remembers (its kept logs go first at the cap). */
export function podGoneIn(registry: ClusterRegistry): (contextKey: string, uid: string) => boolean {
  return (key, uid) => {
    const info = registry.contexts.find(c => historyKey(c) === key);
    const s = info && registry.existingSession(info.name);
    if (!s) return false; // unknown here: not evicted early on a guess
    const h = s.store.book.get(uid);
    return !h || !!h.deletedAt;
  };
}
