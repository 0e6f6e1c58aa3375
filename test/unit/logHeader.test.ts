import * as assert from 'assert';
import { currentLogInstance, logHeader, previousLogInstance } from '../../src/model/logHeader';
import { shortId } from '../../src/model/format';
import { replay } from './replay';

const app = (a: { containers: { name: string }[] }) => a.containers.find(c => c.name === 'app')! as never;

describe('log headers: which instance the kubelet returns (recorded crash loop)', () => {
  const r = replay('demo-crashy');
  const states = r.snapshots.map(a => app(a) as import('../../src/model/anatomy').ContainerAnatomy);

  it('in back-off, previous logs are the dead instance itself (#restartCount+1), named with its ID and times', () => {
    const c = states.find(x => x.backoff && x.restartCount >= 1)!;
    assert.ok(c, 'a back-off state in the recording');
    const p = previousLogInstance(c)!;
    assert.strictEqual(p.containerId, c.lastTermination!.containerId);
    assert.strictEqual(p.containerId, c.containerId, 'the kubelet reports the dead instance as both');
    assert.strictEqual(p.ordinal, c.restartCount + 1);
    const h = logHeader('crashy', c, true);
    assert.ok(!/before/.test(h), h);
    assert.match(
      h,
      new RegExp(
        `^# Previous logs of crashy/app: instance #${c.restartCount + 1}, container ${shortId(c.containerId)}, ` +
          '\\d\\d:\\d\\d:\\d\\d–\\d\\d:\\d\\d:\\d\\d, exit \\d+',
      ),
    );
    assert.match(h, /also what Show Logs returns; the kubelet gives no older instance/);
    assert.deepStrictEqual(currentLogInstance(c), p, 'current logs in back-off: the same instance');
    assert.match(logHeader('crashy', c, false), /has ended and the container is waiting to restart/);
  });

  it('running after a restart: previous is #restartCount (the lastState container), current is #restartCount+1', () => {
    const c = states.find(x => x.state === 'running' && x.restartCount >= 2)!;
    const p = previousLogInstance(c)!;
    assert.strictEqual(p.ordinal, c.restartCount);
    assert.notStrictEqual(p.containerId, c.containerId);
    const h = logHeader('crashy', c, false);
    assert.match(
      h,
      new RegExp(
        `instance #${c.restartCount + 1}, container ${shortId(c.containerId)}, started .*, running, following`,
      ),
    );
    assert.ok(!/also what Show Logs/.test(logHeader('crashy', c, true)));
  });

  it('a container that never restarted has no previous instance: the header says none, nothing is offered', () => {
    const c = app(replay('demo-steady').last) as import('../../src/model/anatomy').ContainerAnatomy;
    assert.strictEqual(c.restartCount, 0);
    assert.strictEqual(previousLogInstance(c), undefined);
    assert.match(logHeader('steady', c, true), /^# Previous logs of steady\/app: none\./);
  });
});
