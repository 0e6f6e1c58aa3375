// client-go's reflector, small: list, then watch from the list's resourceVersion; relist on
// 410 Gone; restart with exponential backoff after any other error. The cache it fills is the
// single source of truth for its resource.
import { ApiTransport } from './client';
import { uidOf } from '../model/k8s';
import { ApiError, FailureKind, classify } from './errors';

export interface Obj {
  metadata?: { uid?: string; name?: string; namespace?: string; resourceVersion?: string };
}
export type ReflectorState = {
  phase: 'connecting' | 'live' | 'reconnecting' | 'failed' | 'stopped';
  cause?: string;
  kind?: FailureKind;
  since: number;
};

export interface ReflectorListener<T> {
  /** A batch after a (re)list: the full new content, with what was added, changed or removed. */
  onSync?(items: T[], removed: T[]): void;
  /**
   * A page of a list as soon as it arrives (before onSync, which follows the last page with the
   * whole list). Pages come in the server's order; a listener may show them while the rest loads.
   */
  onPage?(items: T[], page: number): void;
  onUpsert?(obj: T): void;
  onDelete?(obj: T): void;
  onState?(state: ReflectorState): void;
}

export interface ReflectorOptions<T = unknown> {
  /** e.g. /api/v1/namespaces/demo/pods */
  path: string;
  /** Extra query (fieldSelector …), without leading `?`. */
  query?: string;
  what: string;
  /** Do not retry on these failures (403 usually stays 403 until RBAC changes). */
  giveUpOn?: FailureKind[];
  backoffMs?: { initial: number; max: number };
  pageSize?: number;
  /**
   * What is kept of each object, applied as each page (and each watch event) arrives, so the
   * full objects of a big list are garbage as soon as their page is read.
   */
  transform?: (o: T) => T;
}

type Page<T> = { items?: T[]; metadata?: { resourceVersion?: string; continue?: string } };
/**
 * A page request in flight. Once it is the page being read (current) and its continue token has
 * shown up early (ahead), the next page is asked for: at most two requests run at a time.
 */
interface PageFetch<T> {
  token?: string;
  page: Promise<Page<T>>;
  abort: AbortController;
  current: boolean;
  ahead?: string;
  next?: PageFetch<T>;
}

/**
 * The continue token from the first bytes of a list response. The apiserver writes the list's
 * metadata before its items, so the next page can be asked for while this one still arrives;
 * anything unexpected yields undefined and the pages are fetched one after the other.
 */
export function peekContinue(head: string): string | undefined {
  const m = /^\{"kind":"[A-Za-z]+List","apiVersion":"[^"]*","metadata":\{([^{}]*)\}/.exec(head);
  return m ? /"continue":"([A-Za-z0-9_\-+/=.]+)"/.exec(m[1])?.[1] : undefined;
}

export class Reflector<T extends Obj> {
  readonly cache = new Map<string, T>();
  state: ReflectorState = { phase: 'connecting', since: Date.now() };
  private abort = new AbortController();
  private stopped = false;
  private resourceVersion?: string;
  private failures = 0;
  private timer?: NodeJS.Timeout;
  relists = 0;
  /** Pages that came from a request started before the previous page had fully arrived. */
  pagesAhead = 0;

  constructor(
    private readonly client: ApiTransport,
    private readonly opts: ReflectorOptions<T>,
    private readonly listener: ReflectorListener<T>,
  ) {}

  start(): this {
    if (!this.stopped) void this.run();
    return this;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    this.setState({ phase: 'stopped', since: Date.now() });
  }

  /** Retry now (a user pressed Retry): forget the backoff. */
  retry(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.failures = 0;
    this.abort.abort();
    this.abort = new AbortController();
    this.setState({ phase: 'connecting', since: Date.now() });
    void this.run();
  }

  private setState(s: ReflectorState): void {
    this.state = s;
    this.listener.onState?.(s);
  }

  private url(extra: string): string {
    const q = [this.opts.query, extra].filter(Boolean).join('&');
    return `${this.opts.path}${q ? `?${q}` : ''}`;
  }

  private fetchPage(token: string | undefined, signal: AbortSignal): PageFetch<T> {
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const f: PageFetch<T> = { token, abort, current: false, page: undefined! };
    f.page = this.client
      .getJson<Page<T>>(
        this.url(`limit=${this.opts.pageSize ?? 500}${token ? `&continue=${encodeURIComponent(token)}` : ''}`),
        this.opts.what,
        abort.signal,
        head => {
          f.ahead = peekContinue(head);
          this.askAhead(f, signal);
        },
      )
      .finally(() => signal.removeEventListener('abort', onAbort));
    f.page.catch(() => {
      /* awaited by list(), or dropped with its abort */
    });
    return f;
  }

  private askAhead(f: PageFetch<T>, signal: AbortSignal): void {
    if (f.current && f.ahead && !f.next && !f.abort.signal.aborted && !signal.aborted)
      f.next = this.fetchPage(f.ahead, signal);
  }

  private async list(signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let rv: string | undefined;
    let pages = 0;
    let f = this.fetchPage(undefined, signal);
    try {
      for (;;) {
        f.current = true;
        this.askAhead(f, signal);
        const page = await f.page;
        const got = this.opts.transform ? (page.items ?? []).map(this.opts.transform) : (page.items ?? []);
        page.items = undefined; // the full objects go with the page
        for (const i of got) items.push(i);
        this.listener.onPage?.(got, pages++);
        rv = page.metadata?.resourceVersion;
        const cont = page.metadata?.continue || undefined;
        if (!cont) break;
        // Use the early request only if it asked for exactly the token the parsed page holds.
        if (f.next?.token === cont) {
          f = f.next;
          this.pagesAhead++;
        } else {
          f.next?.abort.abort();
          f = this.fetchPage(cont, signal);
        }
      }
    } finally {
      f.next?.abort.abort(); // after the last page, or a failure, nothing ahead is wanted
    }
    const fresh = new Map(items.map(i => [uidOf(i), i] as const));
    const removed = [...this.cache.entries()].filter(([k]) => !fresh.has(k)).map(([, v]) => v);
    this.cache.clear();
    for (const [k, v] of fresh) this.cache.set(k, v);
    this.resourceVersion = rv;
    this.relists++;
    this.listener.onSync?.(items, removed);
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    try {
      if (!this.resourceVersion) await this.list(signal);
      this.failures = 0;
      this.setState({ phase: 'live', since: Date.now() });
      // Watch until the server closes the stream (timeoutSeconds), then resume from the last RV.
      while (!this.stopped && !signal.aborted) {
        await this.client.watch(
          this.url(
            `watch=1&allowWatchBookmarks=true&timeoutSeconds=${240 + Math.floor(Math.random() * 60)}&resourceVersion=${this.resourceVersion ?? ''}`,
          ),
          ev => {
            const raw = ev.object as T & { code?: number; message?: string };
            if (ev.type === 'ERROR') {
              throw raw.code === 410
                ? new ApiError(`${this.opts.what}: ${raw.message ?? 'resource version too old'}`, 410, 'gone')
                : new ApiError(`${this.opts.what}: ${raw.message ?? 'watch error'}`, raw.code, 'server');
            }
            const o = this.opts.transform && ev.type !== 'BOOKMARK' ? this.opts.transform(raw) : raw;
            if (o.metadata?.resourceVersion) this.resourceVersion = o.metadata.resourceVersion;
            if (ev.type === 'BOOKMARK') return;
            if (ev.type === 'DELETED') {
              this.cache.delete(uidOf(o));
              this.listener.onDelete?.(o);
            } else {
              this.cache.set(uidOf(o), o);
              this.listener.onUpsert?.(o);
            }
          },
          signal,
          this.opts.what,
        );
      }
    } catch (e) {
      if (this.stopped || signal.aborted) return;
      const err = classify(e);
      if (err.kind === 'gone') {
        // Our resourceVersion was compacted away: relist at once (what client-go does).
        this.resourceVersion = undefined;
        void this.run();
        return;
      }
      if (this.opts.giveUpOn?.includes(err.kind)) {
        this.setState({ phase: 'failed', cause: err.message, kind: err.kind, since: Date.now() });
        return;
      }
      this.failures++;
      const b = this.opts.backoffMs ?? { initial: 500, max: 30_000 };
      const delay = Math.min(b.max, b.initial * 2 ** Math.min(this.failures - 1, 10)) * (0.8 + Math.random() * 0.4);
      this.setState({
        phase: this.failures > 3 ? 'failed' : 'reconnecting',
        cause: err.message,
        kind: err.kind,
        since: Date.now(),
      });
      // Keep the cache (stale but useful) and the resourceVersion: the watch resumes where it was.
      this.timer = setTimeout(() => {
        if (!this.stopped) void this.run();
      }, delay);
    }
  }
}
