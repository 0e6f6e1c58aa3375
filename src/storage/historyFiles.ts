// Pod histories on disk: one folder per cluster context under the extension's global storage,
// one file per pod, so a save writes only the pods that changed. Every write is atomic (temp file
// in the same folder, fsync, rename): a crash mid-write leaves the previous file. Node fs only;
// what to merge and what to evict is decided in the model (historyBook.ts).
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { ClusterRegistry, historyKey } from '../cluster/registry';
import { ContextInfo } from '../cluster/kubeconfig';
import { PodHistory } from '../model/history';
import { HistoryBook, StoredEntry, mergeHistory, parseHistory, planEviction, trimHistory } from '../model/historyBook';

export interface HistorySettings {
  retentionDays: number;
  maxSizeMB: number;
}

/** The globalState key history lived under before it moved to files. */
export const LEGACY_HISTORY_KEY = 'podXray.history.v1';
const SAVE_DELAY_MS = 2000;
const POD_FILE = /^[0-9a-f]{40}\.json$/;
const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 40);

interface Shelf {
  dir: string;
  book: HistoryBook;
  loaded: Promise<void>;
  /** Bytes of each pod's file, for the size cap. */
  bytes: Map<string, number>;
  timer?: NodeJS.Timeout;
  saving: Promise<void>;
}

export class HistoryFiles {
  private readonly shelves: Shelf[] = [];

  constructor(
    private readonly root: string,
    private readonly settings: () => HistorySettings,
  ) {}

  /** The folder holding one context's histories. */
  dirOf(info: ContextInfo): string {
    return path.join(this.root, 'history', hash(historyKey(info)));
  }

  /** Load every context's history as the registry creates it, and save what changes. */
  attach(registry: ClusterRegistry): () => void {
    return registry.onDidCreateHistory((info, book) => this.shelve(info, book));
  }

  private shelve(info: ContextInfo, book: HistoryBook): void {
    const shelf: Shelf = {
      dir: this.dirOf(info),
      book,
      bytes: new Map(),
      loaded: Promise.resolve(),
      saving: Promise.resolve(),
    };
    shelf.loaded = this.load(shelf).catch(() => undefined);
    shelf.saving = shelf.loaded;
    book.onDirty(() => {
      if (shelf.timer) return;
      shelf.timer = setTimeout(() => void this.save(shelf).catch(() => undefined), SAVE_DELAY_MS);
    });
    this.shelves.push(shelf);
  }

  private async load(shelf: Shelf): Promise<void> {
    await fs.mkdir(shelf.dir, { recursive: true });
    const loaded: PodHistory[] = [];
    for (const f of await fs.readdir(shelf.dir)) {
      if (f.endsWith('.tmp')) await removeStale(path.join(shelf.dir, f));
      if (!POD_FILE.test(f)) continue; // temp files of an interrupted write, anything foreign
      const text = await fs.readFile(path.join(shelf.dir, f), 'utf8').catch(() => '');
      const h = parseHistory(text);
      if (h && hash(h.uid) + '.json' === f) {
        loaded.push(h);
        shelf.bytes.set(h.uid, Buffer.byteLength(text));
      }
    }
    shelf.book.adopt(loaded);
  }

  /** Write what changed (merged with the file: another window may have written it), then evict. */
  private save(shelf: Shelf): Promise<void> {
    clearTimeout(shelf.timer);
    shelf.timer = undefined;
    shelf.saving = shelf.saving.then(async () => {
      await fs.mkdir(shelf.dir, { recursive: true });
      const dirty = shelf.book.takeDirty();
      try {
        for (const h of dirty) {
          const file = path.join(shelf.dir, hash(h.uid) + '.json');
          const old = parseHistory(await fs.readFile(file, 'utf8').catch(() => ''));
          const text = JSON.stringify(old ? trimHistory(mergeHistory(old, h), shelf.book.limit) : h);
          await writeAtomic(file, text);
          shelf.bytes.set(h.uid, Buffer.byteLength(text));
        }
      } catch (e) {
        shelf.book.adopt(dirty, true); // not written: dirty again, tried at the next save
        throw e;
      }
      await this.evict(shelf);
    });
    const done = shelf.saving;
    shelf.saving = done.catch(() => undefined);
    return done;
  }

  private async evict(shelf: Shelf): Promise<void> {
    const { retentionDays, maxSizeMB } = this.settings();
    const entries: StoredEntry[] = shelf.book.all().map(h => ({
      uid: h.uid,
      bytes: shelf.bytes.get(h.uid) ?? 0,
      updatedAt: h.updatedAt,
      deletedAt: h.deletedAt,
    }));
    const gone = planEviction(
      entries,
      uid => shelf.book.isListed(uid),
      Date.now(),
      retentionDays * 86_400_000,
      maxSizeMB * 1024 * 1024,
    );
    shelf.book.forget(gone);
    for (const uid of gone) {
      shelf.bytes.delete(uid);
      await fs.rm(path.join(shelf.dir, hash(uid) + '.json'), { force: true });
    }
  }

  /** Everything pending written now (tests, deactivation). */
  async flush(): Promise<void> {
    await Promise.all(this.shelves.map(s => s.loaded.then(() => this.save(s))));
  }

  /**
   * Histories from the old globalState key -> files, for the contexts the kubeconfig names; the key
   * is cleared only after the files are written (entries of unknown contexts stay in it).
   */
  async migrate(state: Memento, registry: ClusterRegistry): Promise<void> {
    const legacy = state.get<Record<string, PodHistory[]>>(LEGACY_HISTORY_KEY);
    if (!legacy) return;
    const rest: Record<string, PodHistory[]> = {};
    for (const [name, hs] of Object.entries(legacy)) {
      const info = registry.contexts.find(c => c.name === name);
      if (!info || !Array.isArray(hs)) {
        rest[name] = hs;
        continue;
      }
      const book = registry.history(info);
      for (const h of hs) {
        const ok = parseHistory(JSON.stringify(h ?? null));
        if (ok) book.put(ok);
      }
    }
    await this.flush();
    await state.update(LEGACY_HISTORY_KEY, Object.keys(rest).length ? rest : undefined);
  }

  dispose(): void {
    void this.flush().catch(() => undefined);
  }
}

/** The part of vscode.Memento the migration needs. */
export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** A temp file left by a write that never finished (an hour is far longer than any write takes). */
async function removeStale(file: string): Promise<void> {
  const st = await fs.stat(file).catch(() => undefined);
  if (st && Date.now() - st.mtimeMs > 3_600_000) await fs.rm(file, { force: true });
}

/** Write a file so that a crash at any point leaves either the old or the new content. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = await fs.open(tmp, 'w');
  try {
    await fd.writeFile(text, 'utf8');
    await fd.sync();
  } finally {
    await fd.close();
  }
  await fs.rename(tmp, file);
}
