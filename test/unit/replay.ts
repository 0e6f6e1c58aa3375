// Replay recorded watch streams into the model, in order. Two sets, both recorded from a real kubelet:
// test/fixtures/recorded (Kubernetes 1.37, the current cluster) and test/fixtures/recorded-1.20 (an older
// cluster, kept so the model stays right on old API servers).
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

export type RecordingSet = 'recorded' | 'recorded-1.20';
/** The set a test reads unless it names one. */
export const OLDER: RecordingSet = 'recorded-1.20';
export const CURRENT: RecordingSet = 'recorded';

export function readRecording(name: string, set: RecordingSet = OLDER): Recorded[] {
  const file = path.join(FIXTURES, set, `${name}.jsonl`);
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
export function replay(name: string, patch?: (pod: KPod) => void, set: RecordingSet = OLDER): Replay {
  const store = new PodStore();
  for (const r of readRecording('nodes', set)) store.setNode(r.object as KNode);
  const snapshots: PodAnatomy[] = [];
  let uid = '';
  for (const r of readRecording(name, set)) {
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
