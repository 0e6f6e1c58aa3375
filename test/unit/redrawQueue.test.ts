// Relative-time rows are redrawn a budget at a time, oldest first, never before they are due.
import * as assert from 'assert';
import { RedrawQueue } from '../../src/model/redrawQueue';

describe('relative-time redraws', () => {
  it('10,000 rows drawn at once come due together but are redrawn 100 a tick, oldest first', () => {
    const q = new RedrawQueue<number>(15_000, 100);
    for (let i = 0; i < 10_000; i++) q.drawn(i, 0);
    assert.deepStrictEqual(q.due(14_999), [], 'nothing is due before 15 s');
    const first = q.due(15_000);
    assert.strictEqual(first.length, 100);
    assert.deepStrictEqual(first.slice(0, 3), [0, 1, 2]);
    assert.deepStrictEqual(q.due(16_000).slice(0, 1), [100]);
    assert.strictEqual(q.size, 9_800);
  });
  it('a row drawn again moves to the back; a row not drawn again drops out', () => {
    const q = new RedrawQueue<string>(15_000, 10);
    q.drawn('a', 0);
    q.drawn('b', 1_000);
    q.drawn('a', 2_000); // redrawn meanwhile (its pod changed)
    assert.deepStrictEqual(q.due(16_000), ['b'], 'a was drawn 14 s ago: not due');
    assert.deepStrictEqual(q.due(17_000), ['a']);
    assert.deepStrictEqual(q.due(60_000), [], 'neither was drawn again');
  });
});
