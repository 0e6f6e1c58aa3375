import * as assert from 'assert';
import { byName } from '../../src/model/format';
import { KPod } from '../../src/model/k8s';
import { listPods } from '../../src/model/podList';
import { PodStore } from '../../src/model/store';

describe('listing a namespace', () => {
  it('names sort as people read them: numbers by value', () => {
    const names = [
      'web-10',
      'web-2',
      'web-1',
      'api-7d9f8-x2',
      'web-0',
      'api-7d9f8-x10',
      'web-02',
      'Web-3',
      'web',
      'web-10a',
      'web-10-b',
    ];
    assert.deepStrictEqual([...names].sort(byName), [
      'Web-3',
      'api-7d9f8-x2',
      'api-7d9f8-x10',
      'web',
      'web-0',
      'web-1',
      'web-2',
      'web-02',
      'web-10',
      'web-10-b',
      'web-10a',
    ]);
    assert.strictEqual(byName('a', 'a'), 0);
    assert.ok(byName('bench-00009', 'bench-00010') < 0);
    assert.ok(byName('x99999999999999999999', 'x100000000000000000000') < 0, 'digit runs longer than a number holds');
  });
  it('filters, sorts and summarises what the tree shows', () => {
    const pod = (name: string, crash = false): KPod => ({
      metadata: { name, namespace: 'ns', uid: `u-${name}`, resourceVersion: '1', labels: { app: name.split('-')[0] } },
      spec: { nodeName: 'n', containers: [{ name: 'c' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          crash
            ? { name: 'c', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }
            : { name: 'c', ready: true, state: { running: {} } },
        ],
      },
    });
    const store = new PodStore();
    store.syncPods('ns', [pod('web-10'), pod('web-2', true), pod('db-0'), pod('web-1')]);
    assert.deepStrictEqual(
      listPods(store, 'ns').map(p => p.summary.name),
      ['db-0', 'web-1', 'web-2', 'web-10'],
    );
    assert.deepStrictEqual(
      listPods(store, 'ns', { problemsOnly: true }).map(p => p.uid),
      ['u-web-2'],
    );
    assert.deepStrictEqual(
      listPods(store, 'ns', { text: 'app=db' }).map(p => p.summary.name),
      ['db-0'],
    );
    assert.deepStrictEqual(listPods(store, 'other'), []);
  });
});
