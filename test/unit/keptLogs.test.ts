// The anatomy's kept logs (issues 19, 20): the tail sent to the page is bounded and ends with the newest
// line; the host answers kept / failed (with why) / being fetched / none; the protocol guards the messages.
import * as assert from 'assert';
import type { ClusterSession } from '../../src/cluster/session';
import type { KeptLog } from '../../src/model/crashCapture';
import type { InstanceRecord } from '../../src/model/history';
import { logTail } from '../../src/model/logTail';
import { KeptLogsSource, keptLogStates, keptLogsReply } from '../../src/webview/keptLogs';
import { KeptLogsReply, isHostMessage, isWebviewMessage } from '../../src/webview/protocol';

const session = {} as ClusterSession;
const target = {
  uid: 'u',
  namespace: 'demo',
  pod: 'crashy',
  container: 'app',
  containerId: 'containerd://a',
  ordinal: 3,
};
function source(records: Record<string, KeptLog>, capturing: string[] = []): KeptLogsSource {
  return {
    state: (_s, id) => ({
      capturing: !!id && capturing.includes(id),
      kept: id && records[id] ? { outcome: records[id].outcome } : undefined,
    }),
    read: async (_s, id) => records[id],
    onDidChange: () => () => undefined,
  };
}

describe('kept logs in the anatomy (issues 19, 20)', () => {
  it('the tail: the last lines, newest last, bounded in lines and characters', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const t = logTail(text, 200);
    assert.strictEqual(t.total, 1000);
    assert.strictEqual(t.shown, 200);
    assert.ok(t.text.startsWith('line 801\n') && t.text.endsWith('line 1000'), t.text.slice(0, 40));
    const small = logTail(text, 200, 100);
    assert.ok(small.text.length <= 100 && small.text.endsWith('line 1000'));
    const huge = logTail('x'.repeat(50) + 'END', 10, 20);
    assert.strictEqual(huge.text, 'x'.repeat(17) + 'END');
    assert.deepStrictEqual(logTail(''), { text: '', shown: 0, total: 0 });
  });

  it('kept: the tail with its counts; failed: why; being fetched; none', async () => {
    const kept: KeptLog = {
      v: 1,
      target,
      keptAt: '2026-11-27T08:00:00Z',
      outcome: 'kept',
      text: 'instance 3 starting\n<b>not markup</b>\n',
      cutStart: true,
    };
    const failed: KeptLog = {
      v: 1,
      target: { ...target, containerId: 'containerd://b' },
      keptAt: '2026-11-27T08:00:00Z',
      outcome: 'failed',
      failure: { kind: 'forbidden', why: 'pods/log is forbidden' },
    };
    const src = source({ 'containerd://a': kept, 'containerd://b': failed }, ['containerd://c']);
    const a = await keptLogsReply(src, session, 1, 'containerd://a');
    assert.deepStrictEqual(
      [a.state, a.tail, a.lines, a.shownLines, a.cutStart],
      ['kept', 'instance 3 starting\n<b>not markup</b>', 2, 2, true],
    );
    assert.ok(KeptLogsReply.is({ type: 'keptLogsReply', ...a }));
    const b = await keptLogsReply(src, session, 2, 'containerd://b');
    assert.deepStrictEqual([b.state, b.why], ['failed', 'pods/log is forbidden']);
    assert.strictEqual((await keptLogsReply(src, session, 3, 'containerd://c')).state, 'capturing');
    assert.strictEqual((await keptLogsReply(src, session, 4, 'containerd://d')).state, 'none');
    const inst = (containerId?: string) => ({ containerId }) as InstanceRecord;
    assert.deepStrictEqual(
      keptLogStates(src, session, [inst('containerd://a'), inst('containerd://b'), inst('containerd://c'), inst()]),
      { 'containerd://a': 'kept', 'containerd://b': 'failed', 'containerd://c': 'capturing' },
    );
  });

  it('the messages are named and guarded: a request needs an id and a container ID', () => {
    assert.ok(isWebviewMessage({ type: 'keptLogs', id: 1, containerId: 'containerd://a' }));
    assert.ok(isWebviewMessage({ type: 'openInstanceLogs', id: 2, containerId: 'containerd://a' }));
    assert.ok(!isWebviewMessage({ type: 'keptLogs', containerId: 'containerd://a' }));
    assert.ok(!isWebviewMessage({ type: 'openInstanceLogs', id: 2, containerId: 7 }));
    assert.ok(isHostMessage({ type: 'keptLogsReply', id: 1, containerId: 'x', state: 'none' }));
    assert.ok(!isHostMessage({ type: 'keptLogsReply', id: 1, containerId: 'x', state: 'maybe' }));
    assert.ok(!isHostMessage({ type: 'keptLogsReply', id: 1, containerId: 'x', state: 'kept', tail: 5 }));
  });
});
