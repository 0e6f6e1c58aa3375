import * as assert from 'assert';
import { currentGenerationNumber } from '../../src/model/generation';
import { ActionReply, ActionRequest, StatusMessage, isHostMessage, isWebviewMessage } from '../../src/webview/protocol';
import { buildSnapshot } from '../../src/webview/snapshot';
import { replay } from './replay';

describe('webview protocol', () => {
  it('an action is a request with an id; one without an id is refused', () => {
    assert.ok(isWebviewMessage({ type: 'action', id: 3, action: 'logs', container: 'app' }));
    assert.ok(ActionRequest.is({ type: 'action', id: 1, action: 'crash' }));
    assert.ok(!isWebviewMessage({ type: 'action', action: 'logs' }));
    assert.ok(!isWebviewMessage({ type: 'action', id: 0, action: 'logs' }));
    assert.ok(!isWebviewMessage({ type: 'action', id: 2, action: 'rm -rf' }));
  });
  it('the host replies to an action by its id, and may send a status', () => {
    assert.ok(isHostMessage({ type: 'actionReply', id: 7, ok: true }));
    assert.ok(ActionReply.is({ type: 'actionReply', id: 7, ok: false, error: 'forbidden' }));
    assert.ok(!isHostMessage({ type: 'actionReply', id: 7, ok: 'yes' }));
    assert.ok(StatusMessage.is({ type: 'status', message: 'waiting', severity: 'info' }));
    assert.ok(!isHostMessage({ type: 'status', message: 'waiting', severity: 'fatal' }));
    assert.ok(!isHostMessage({ type: 'markup', html: '<b>' }));
  });
  it('a snapshot carries the current generation and IP computed on the host by the one rule', () => {
    const r = replay('demo-crashy');
    const h = r.store.history(r.uid);
    const s = buildSnapshot('ctx', r.last, h, false, Date.parse('2030-01-01T00:00:00Z'));
    assert.strictEqual(s.current.generation, currentGenerationNumber(h?.generations, r.last.sandbox));
    assert.strictEqual(s.current.podIP, r.last.sandbox.podIP);
    assert.ok(isHostMessage({ type: 'snapshot', snapshot: s }));
    assert.ok(!isHostMessage({ type: 'snapshot', snapshot: { ...s, current: undefined } }));
  });
  it('without a history the generation counts the recreations the events tell of', () => {
    const r = replay('demo-crashy');
    const sb = { ...r.last.sandbox, recreations: 2 };
    assert.strictEqual(currentGenerationNumber(undefined, sb), 3);
    assert.strictEqual(currentGenerationNumber([], sb), 3);
  });
});
