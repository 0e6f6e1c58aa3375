// History on disk (issue 15, item 5): atomic files, merge never less, eviction, migration.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterRegistry } from '../../src/cluster/registry';
import { PodHistory } from '../../src/model/history';
import { HistoryBook, mergeHistory, planEviction } from '../../src/model/historyBook';
import { HistoryFiles, LEGACY_HISTORY_KEY, Memento } from '../../src/storage/historyFiles';
import { replay } from './replay';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pxr-files-'));
const settings = () => ({ retentionDays: 7, maxSizeMB: 20 });
const kubeconfig = (dir: string) => {
  const file = path.join(dir, 'config');
  fs.writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: local
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: local, context: {cluster: c, user: u, namespace: demo}}]
`,
  );
  return file;
};
/** A window: registry + files over one storage folder. */
const open = (root: string) => {
  const reg = new ClusterRegistry();
  const files = new HistoryFiles(root, settings);
  files.attach(reg);
  reg.reload(kubeconfig(root));
  const info = reg.contexts[0];
  return { reg, files, info, book: reg.history(info) };
};
const crashy = () => replay('demo-crashy');
const ids = (h: PodHistory | undefined) => (h?.instances ?? []).map(i => i.containerId).sort();

describe('history files', () => {
  it('a window reload reads back every instance written', async () => {
    const root = tmp();
    const r = crashy();
    const a = open(root);
    a.book.adopt(r.store.book.all(), true);
    await a.files.flush();
    const b = open(root);
    await b.files.flush();
    assert.deepStrictEqual(ids(b.book.get(r.uid)), ids(r.store.history(r.uid)));
  });

  it('a crash mid-write (leftover temp file, torn foreign file) leaves the good file read', async () => {
    const root = tmp();
    const r = crashy();
    const a = open(root);
    a.book.adopt(r.store.book.all(), true);
    await a.files.flush();
    const dir = a.files.dirOf(a.info);
    const [good] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, `${good}.123.abc.tmp`), '{"uid": "torn', 'utf8');
    fs.writeFileSync(path.join(dir, 'f'.repeat(40) + '.json'), '{"uid": "x", "instan', 'utf8');
    const b = open(root);
    await b.files.flush();
    assert.deepStrictEqual(ids(b.book.get(r.uid)), ids(r.store.history(r.uid)));
    assert.strictEqual(b.book.all().length, 1);
  });

  it('a save never writes less than the file held (another window, an older session)', async () => {
    const root = tmp();
    const r = crashy();
    const full = r.store.history(r.uid)!;
    const a = open(root);
    a.book.put(full);
    await a.files.flush();
    // A second window that only knows the latest instance writes its account.
    const b = new ClusterRegistry();
    const files = new HistoryFiles(root, settings);
    b.reload(kubeconfig(root));
    const book = new HistoryBook();
    book.put({ ...full, instances: full.instances.slice(-1) });
    files['shelve'](b.contexts[0], book);
    await files.flush();
    const c = open(root);
    await c.files.flush();
    assert.deepStrictEqual(ids(c.book.get(r.uid)), ids(full));
  });

  it('the old globalState key moves to files, then is cleared; unknown contexts stay in it', async () => {
    const root = tmp();
    const r = crashy();
    const values: Record<string, unknown> = {
      [LEGACY_HISTORY_KEY]: { local: JSON.parse(JSON.stringify(r.store.book.all())), elsewhere: [] },
    };
    const state: Memento = {
      get: <T>(k: string) => values[k] as T | undefined,
      update: (k, v) => {
        values[k] = v;
        return Promise.resolve();
      },
    };
    const a = open(root);
    await a.files.migrate(state, a.reg);
    assert.deepStrictEqual(values[LEGACY_HISTORY_KEY], { elsewhere: [] });
    const b = open(root);
    await b.files.flush();
    assert.deepStrictEqual(ids(b.book.get(r.uid)), ids(r.store.history(r.uid)));
  });
});

describe('history merge and eviction (pure)', () => {
  it('merge is the union of instances and generations', () => {
    const h = crashy().store.history(crashy().uid)!;
    const older = { ...h, instances: h.instances.slice(0, 2), generations: h.generations };
    const newer = { ...h, instances: h.instances.slice(-2) };
    assert.deepStrictEqual(
      ids(mergeHistory(older, newer)),
      ids({ ...h, instances: [...older.instances, ...newer.instances] }),
    );
    assert.ok(ids(mergeHistory(older, newer)).length >= Math.min(h.instances.length, 3));
  });

  it('an instance known first by ordinal, later by its container ID, is one instance', () => {
    const h = crashy().store.history(crashy().uid)!;
    const last = h.instances[h.instances.length - 1];
    const byOrdinal = { ...h, instances: [{ ...last, containerId: undefined, shortId: undefined }] };
    const merged = mergeHistory(byOrdinal, { ...h, instances: [last] });
    assert.deepStrictEqual(merged.instances, [last]);
  });

  it('evicts pods deleted past retention; over the cap the oldest-deleted, then oldest-seen; never a listed pod', () => {
    const day = 86_400_000;
    const now = Date.parse('2026-11-27T00:00:00Z');
    const at = (d: number) => new Date(now - d * day).toISOString();
    const entries = [
      { uid: 'old-deleted', bytes: 10, updatedAt: at(20), deletedAt: at(10) },
      { uid: 'recent-deleted', bytes: 10, updatedAt: at(3), deletedAt: at(2) },
      { uid: 'listed', bytes: 10, updatedAt: at(30) },
      { uid: 'unseen-long', bytes: 10, updatedAt: at(25) },
      { uid: 'seen', bytes: 10, updatedAt: at(1) },
    ];
    const listed = (u: string) => u === 'listed';
    assert.deepStrictEqual(planEviction(entries, listed, now, 7 * day, 1000), ['old-deleted']);
    assert.deepStrictEqual(planEviction(entries, listed, now, 7 * day, 30), ['old-deleted', 'recent-deleted']);
    assert.deepStrictEqual(planEviction(entries, listed, now, 7 * day, 10), [
      'old-deleted',
      'recent-deleted',
      'unseen-long',
      'seen',
    ]);
  });

  it('a pod deleted from the cluster stays in the book until evicted', () => {
    const book = new HistoryBook();
    const h = crashy().store.history(crashy().uid)!;
    book.put(h);
    book.markListed(h.uid);
    book.markAbsent(h.namespace, new Set());
    assert.ok(book.get(h.uid)!.deletedAt);
    assert.ok(!book.isListed(h.uid));
  });
});
