import * as assert from 'assert';
import { peekContinue } from '../../src/cluster/reflector';

describe('paged lists: the continue token read from the first bytes', () => {
  // The head of a real kube-apiserver 1.20 response (limit=2 on a 1,000-pod namespace).
  const real =
    '{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"96137","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6OTYxMzcsInN0YXJ0IjoiYmVuY2gtMDAwMDFcdTAwMDAifQ","remainingItemCount":998},"items":[{"metadata":{"name":"bench-00000"';
  it('finds the token the apiserver writes before the items', () => {
    assert.strictEqual(
      peekContinue(real),
      'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6OTYxMzcsInN0YXJ0IjoiYmVuY2gtMDAwMDFcdTAwMDAifQ',
    );
  });
  it('the last page, other shapes and cut-off heads give nothing (pages then come one by one)', () => {
    assert.strictEqual(
      peekContinue('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"96137"},"items":[]}'),
      undefined,
    );
    assert.strictEqual(peekContinue(real.slice(0, 80)), undefined, 'metadata not complete yet');
    assert.strictEqual(
      peekContinue('{"apiVersion":"v1","kind":"PodList","metadata":{"continue":"abc"},"items":[]}'),
      undefined,
      'unexpected field order',
    );
    assert.strictEqual(
      peekContinue('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","code":410}'),
      undefined,
    );
    assert.strictEqual(
      peekContinue('{"kind":"PodList","apiVersion":"v1","metadata":{"continue":"a\\"b"},"items":[]}'),
      undefined,
      'an escaped quote is not a token',
    );
    assert.strictEqual(
      peekContinue('{"kind":"PodList","apiVersion":"v1","metadata":{"continue":""},"items":[]}'),
      undefined,
    );
  });
});
