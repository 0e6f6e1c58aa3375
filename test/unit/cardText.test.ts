import * as assert from 'assert';
import { cardMessage, cardWhy, countdownText } from '../../src/model/cardText';

describe('card texts of the anatomy page', () => {
  it('the back-off label does not grow across ticks, before or after the back-off ends', () => {
    let shown = 'exit 1 · back-off';
    for (const left of [3000, 2500, 1000, 0, -500, -1000, -60_000, -3_600_000]) shown = countdownText(shown, left);
    const last = countdownText(shown, -3_600_500);
    assert.strictEqual(last, shown, 'the same text on every tick once the back-off is over');
    assert.strictEqual(last, 'exit 1 · back-off · back-off over, restart due');
    assert.strictEqual(countdownText(last, 2100), 'exit 1 · back-off · next start in 3s');
  });

  it('a message with U+202E is neutralised in both the short and the full form; the full form is whole', () => {
    const evil = `saved \u202Egnp.exe\u202C ok\nsecond line \u2066x\u2069 ${'y'.repeat(400)}`;
    const m = cardMessage(evil)!;
    for (const t of [m.short, m.full]) assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(t), JSON.stringify(t));
    assert.match(m.short, /^saved +gnp\.exe +ok second line +x +y+…$/);
    assert.ok(m.short.length <= 300);
    assert.strictEqual(m.cut, true);
    assert.strictEqual(m.full, `saved  gnp.exe  ok\nsecond line  x  ${'y'.repeat(400)}`);
    assert.deepStrictEqual(cardMessage('short'), { short: 'short', full: 'short', cut: false });
    assert.strictEqual(cardMessage(undefined), undefined);
  });
});

describe('the card names whose message it shows', () => {
  it("a running instance's card says the previous instance's message is the previous one's (restart-all)", () => {
    const msg = 'The container is removed because RestartAllContainers in place';
    assert.strictEqual(
      cardWhy({ restartCount: 1, state: 'running', lastTermination: { message: msg } }),
      `#1 ended: ${msg}`,
    );
    assert.strictEqual(cardWhy({ restartCount: 3, state: 'terminated', termination: { message: 'own' } }), 'own');
    assert.strictEqual(cardWhy({ restartCount: 0, state: 'waiting', stateMessage: 'pulling' }), 'pulling');
    assert.strictEqual(cardWhy({ restartCount: 0, state: 'running' }), undefined);
  });
});

describe('the card names the right previous instance in back-off', () => {
  it('waiting with lastState = the status containerID: the message is #restartCount+1', () => {
    const id = 'containerd://x';
    assert.strictEqual(
      cardWhy({
        restartCount: 3,
        state: 'waiting',
        containerId: id,
        lastTermination: { message: 'bye', containerId: id },
      }),
      '#4 ended: bye',
    );
  });
});
