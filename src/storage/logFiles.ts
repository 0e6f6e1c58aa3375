// Kept crash logs on disk (issue 19 §1), one file per instance:
// <globalStorage>/crash-logs/<context hash>/<pod uid>/<container id>.<kept|failed>.json,
// written atomically like the histories (historyFiles.ts). The index is built from names and sizes
// only (no file is read to list them), so the tree can tell at once whether an instance's logs were
// kept. A total size cap evicts logs of deleted pods first, then the oldest (model: planLogEviction).
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { KeptEntry, KeptLog, parseKeptLog, planLogEviction } from '../model/crashCapture';
import type { KeptLogStore } from '../cluster/logCapture';
import { writeAtomic } from './historyFiles';

export interface LogSettings {
  maxTotalMB: number;
}
export const DEFAULT_MAX_TOTAL_MB = 100;

const UID = /^[0-9a-zA-Z-]{1,64}$/;
const FILE = /^([0-9A-Za-z._-]{1,200})\.(kept|failed)\.json$/;
const hashes = new Map<string, string>();
/** A context's folder name; asked for each instance a first look checks (50,000 pods: once each, not 50,000 hashes). */
const hash = (s: string) => {
  let h = hashes.get(s);
  if (h === undefined) hashes.set(s, (h = createHash('sha256').update(s).digest('hex').slice(0, 40)));
  return h;
};
/** `containerd://3f2a…` -> `containerd_3f2a…`: a file name, and the same one every time. */
export const idFile = (containerId: string) => containerId.replace(/[^0-9A-Za-z.-]+/g, '_').slice(0, 200);

interface Entry {
  file: string;
  context: string;
  uid: string;
  id: string;
  outcome: 'kept' | 'failed';
  bytes: number;
  keptAt: number;
}

export class LogFiles implements KeptLogStore {
  private readonly entries = new Map<string, Entry>(); // by file
  private readonly byId = new Map<string, Entry>(); // by context hash + id file
  private loaded?: Promise<void>;
  private writing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(uid: string) => void>();

  constructor(
    private readonly root: string,
    private readonly settings: () => LogSettings,
    /** A pod no longer in the cluster (its logs go first when the cap is reached). */
    private readonly podGone: (contextKey: string, uid: string) => boolean = () => false,
  ) {}

  private get dir(): string {
    return path.join(this.root, 'crash-logs');
  }

  /** Kept or failed records changed for this pod. */
  onDidChange(l: (uid: string) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Scan what earlier windows kept (names and sizes only). */
  load(): Promise<void> {
    this.loaded ??= this.scan().catch(() => undefined);
    return this.loaded;
  }

  private async scan(): Promise<void> {
    for (const ctx of await fs.readdir(this.dir).catch(() => [] as string[])) {
      for (const uid of await fs.readdir(path.join(this.dir, ctx)).catch(() => [] as string[])) {
        if (!UID.test(uid)) continue;
        const podDir = path.join(this.dir, ctx, uid);
        for (const f of await fs.readdir(podDir).catch(() => [] as string[])) {
          const file = path.join(podDir, f);
          if (f.endsWith('.tmp')) await removeStale(file);
          const m = FILE.exec(f);
          const st = m && (await fs.stat(file).catch(() => undefined));
          if (m && st)
            this.index({
              file,
              context: ctx,
              uid,
              id: m[1],
              outcome: m[2] as Entry['outcome'],
              bytes: st.size,
              keptAt: st.mtimeMs,
            });
        }
      }
    }
  }

  private index(e: Entry): void {
    const old = this.byId.get(`${e.context}/${e.id}`);
    if (old && old.file !== e.file) this.entries.delete(old.file);
    this.entries.set(e.file, e);
    this.byId.set(`${e.context}/${e.id}`, e);
  }

  /** Whether this instance's logs were kept, failed, or are unknown here (sync: for tree rows). */
  state(contextKey: string, containerId: string): { outcome: 'kept' | 'failed' } | undefined {
    const e = this.byId.get(`${hash(contextKey)}/${idFile(containerId)}`);
    return e && { outcome: e.outcome };
  }

  async read(contextKey: string, containerId: string): Promise<KeptLog | undefined> {
    await this.load();
    const e = this.byId.get(`${hash(contextKey)}/${idFile(containerId)}`);
    if (!e) return undefined;
    const k = parseKeptLog(await fs.readFile(e.file, 'utf8').catch(() => ''));
    return k && k.target.containerId === containerId ? k : undefined;
  }

  /**
   * Keep one instance's record. A kept log is never replaced by a failure (a later attempt that
   * failed says nothing about lines already kept); writes are serialized, then the cap is applied.
   */
  put(contextKey: string, k: KeptLog): Promise<void> {
    const run = this.writing.then(async () => {
      await this.load();
      if (!UID.test(k.target.uid)) return;
      const ctx = hash(contextKey);
      const id = idFile(k.target.containerId);
      const old = this.byId.get(`${ctx}/${id}`);
      if (old?.outcome === 'kept' && k.outcome === 'failed') return;
      const podDir = path.join(this.dir, ctx, k.target.uid);
      await fs.mkdir(podDir, { recursive: true });
      const file = path.join(podDir, `${id}.${k.outcome}.json`);
      const text = JSON.stringify(k);
      await writeAtomic(file, text);
      if (old && old.file !== file) await fs.rm(old.file, { force: true });
      this.index({
        file,
        context: ctx,
        uid: k.target.uid,
        id,
        outcome: k.outcome,
        bytes: Buffer.byteLength(text),
        keptAt: Date.now(),
      });
      await this.evict(contextKey);
      for (const l of [...this.listeners]) l(k.target.uid);
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** Total bytes kept, over every context. */
  get totalBytes(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.bytes;
    return n;
  }

  private async evict(contextKey: string): Promise<void> {
    const cap = this.settings().maxTotalMB * 1024 * 1024;
    if (this.totalBytes <= cap) return; // each put lands here: no lists to build while everything fits
    const ctx = hash(contextKey);
    const list: KeptEntry[] = [...this.entries.values()].map(e => ({
      key: e.file,
      uid: e.uid,
      bytes: e.bytes,
      keptAt: new Date(e.keptAt).toISOString(),
    }));
    const ctxOf = new Map([...this.entries.values()].map(e => [e.file, e.context]));
    // Pods of other contexts cannot be asked about here: only this context's gone pods go first.
    const gone = (uid: string) => this.podGone(contextKey, uid);
    const drop = planLogEviction(
      list.map(e => (ctxOf.get(e.key) === ctx ? e : { ...e, uid: `\0${e.uid}` })),
      uid => !uid.startsWith('\0') && gone(uid),
      cap,
    );
    for (const file of drop) {
      const e = this.entries.get(file)!;
      this.entries.delete(file);
      if (this.byId.get(`${e.context}/${e.id}`) === e) this.byId.delete(`${e.context}/${e.id}`);
      await fs.rm(file, { force: true });
      await fs.rmdir(path.dirname(file)).catch(() => undefined); // only when empty
    }
  }

  /** Every pending write done (tests, deactivation). */
  flush(): Promise<void> {
    return this.writing;
  }
}

async function removeStale(file: string): Promise<void> {
  const st = await fs.stat(file).catch(() => undefined);
  if (st && Date.now() - st.mtimeMs > 3_600_000) await fs.rm(file, { force: true });
}
