// Replay recorded watch streams (test/fixtures/recorded/*.jsonl) into the model, in order.
import * as fs from 'fs';
import * as path from 'path';
import { KEvent, KNode, KPod, uidOf } from '../../src/model/k8s';
import { PodAnatomy } from '../../src/model/anatomy';
import { PodStore } from '../../src/model/store';

export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

export interface Recorded {
  t: number;
  kind: 'Pod' | 'Event' | 'Node';
  type: string;
  object: unknown;
}

export function readRecording(name: string): Recorded[] {
  const file = path.join(FIXTURES, 'recorded', `${name}.jsonl`);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l) as Recorded);
}

export interface Replay {
  store: PodStore;
  uid: string;
  /** The anatomy after each pod update, in order. */
  snapshots: PodAnatomy[];
  last: PodAnatomy;
}

/** Replay one pod's recording (plus the recorded nodes) into a fresh store. */
export function replay(name: string, patch?: (pod: KPod) => void): Replay {
  const store = new PodStore();
  for (const r of readRecording('nodes')) store.setNode(r.object as KNode);
  const snapshots: PodAnatomy[] = [];
  let uid = '';
  for (const r of readRecording(name)) {
    if (r.kind === 'Event') store.upsertEvent(r.object as KEvent);
    if (r.kind !== 'Pod') continue;
    const pod = r.object as KPod;
    patch?.(pod);
    if (r.type === 'DELETED') {
      store.deletePod(pod);
      continue;
    }
    store.upsertPod(pod);
    uid = uidOf(pod);
    snapshots.push(store.anatomy(uid)!);
  }
  return { store, uid, snapshots, last: snapshots[snapshots.length - 1] };
}
