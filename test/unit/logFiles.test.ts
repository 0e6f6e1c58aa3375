// Kept crash logs on disk (issue 19 §1): survive a reload, a kept log is never replaced by a failure,
// the total cap evicts logs of deleted pods first, torn files are not trusted.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KeptLog } from '../../src/model/crashCapture';
import { LogFiles } from '../../src/storage/logFiles';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pxr-logs-'));
const CTX = 'local\0https://127.0.0.1:6443';
const kept = (uid: string, id: string, text = 'app start\n'): KeptLog => ({
  v: 1,
  target: { uid, namespace: 'demo', pod: 'crashy', container: 'app', containerId: id, ordinal: 1 },
  keptAt: new Date().toISOString(),
  outcome: 'kept',
  request: 'previous',
  text,
  lines: 1,
  attribution: 'timestamps',
});
const failed = (uid: string, id: string): KeptLog => ({
  v: 1,
  target: { uid, namespace: 'demo', pod: 'crashy', container: 'app', containerId: id },
  keptAt: new Date().toISOString(),
  outcome: 'failed',
  failure: { kind: 'dropped', why: 'the kubelet had already dropped it' },
});

describe('kept crash log files', () => {
  it('a reload reads back every kept instance, by container ID, and knows which failed', async () => {
    const root = tmp();
    const a = new LogFiles(root, () => ({ maxTotalMB: 100 }));
    await a.put(CTX, kept('u-1', 'containerd://aaa'));
    await a.put(CTX, failed('u-1', 'containerd://bbb'));
    const b = new LogFiles(root, () => ({ maxTotalMB: 100 }));
    await b.load();
    assert.deepStrictEqual(b.state(CTX, 'containerd://aaa'), { outcome: 'kept' });
    assert.deepStrictEqual(b.state(CTX, 'containerd://bbb'), { outcome: 'failed' });
    assert.strictEqual(b.state('other\0x', 'containerd://aaa'), undefined, 'another context is another cluster');
    assert.strictEqual((await b.read(CTX, 'containerd://aaa'))?.text, 'app start\n');
    assert.match((await b.read(CTX, 'containerd://bbb'))!.failure!.why, /dropped/);
  });

  it('a failure never replaces lines already kept; lines replace a failure', async () => {
    const f = new LogFiles(tmp(), () => ({ maxTotalMB: 100 }));
    await f.put(CTX, kept('u-1', 'containerd://aaa'));
    await f.put(CTX, failed('u-1', 'containerd://aaa'));
    assert.strictEqual((await f.read(CTX, 'containerd://aaa'))?.outcome, 'kept');
    await f.put(CTX, failed('u-1', 'containerd://ccc'));
    await f.put(CTX, kept('u-1', 'containerd://ccc'));
    assert.strictEqual((await f.read(CTX, 'containerd://ccc'))?.outcome, 'kept');
  });

  it("the total cap evicts the deleted pod's logs first, then the oldest", async () => {
    const big = 'x'.repeat(400 * 1024) + '\n';
    const f = new LogFiles(
      tmp(),
      () => ({ maxTotalMB: 1 }),
      (_c, uid) => uid === 'gone',
    );
    await f.put(CTX, kept('live', 'containerd://old', big));
    await f.put(CTX, kept('gone', 'containerd://gone', big));
    await f.put(CTX, kept('live', 'containerd://new', big));
    assert.strictEqual(f.state(CTX, 'containerd://gone'), undefined, 'the deleted pod went first');
    assert.ok(f.state(CTX, 'containerd://old') && f.state(CTX, 'containerd://new'));
    await f.put(CTX, kept('live', 'containerd://newer', big));
    assert.strictEqual(f.state(CTX, 'containerd://old'), undefined, 'then the oldest');
    assert.ok(f.totalBytes <= 1024 * 1024);
  });

  it('a torn or foreign file is not read as kept logs', async () => {
    const root = tmp();
    const a = new LogFiles(root, () => ({ maxTotalMB: 100 }));
    await a.put(CTX, kept('u-1', 'containerd://aaa'));
    const dir = path.join(root, 'crash-logs');
    const ctx = fs.readdirSync(dir)[0];
    const file = path.join(dir, ctx, 'u-1', fs.readdirSync(path.join(dir, ctx, 'u-1'))[0]);
    fs.writeFileSync(file, '{"v":1,"target":', 'utf8');
    const b = new LogFiles(root, () => ({ maxTotalMB: 100 }));
    assert.strictEqual(await b.read(CTX, 'containerd://aaa'), undefined);
  });
});
