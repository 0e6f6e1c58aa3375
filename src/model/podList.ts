// The pods a namespace row lists: filtered, in name order, each with its summary. One function
// for the tree, the pod picker and the benchmark, so what is measured is what is shown.
import { PodFilter, matches } from './filter';
import { byName } from './format';
import { PodStore } from './store';
import { PodSummary } from './summary';

export interface ListedPod {
  uid: string;
  summary: PodSummary;
}

export function listPods(store: PodStore, namespace: string, filter?: PodFilter): ListedPod[] {
  const out: ListedPod[] = [];
  for (const uid of store.podUids(namespace)) {
    const summary = store.summary(uid),
      pod = store.pod(uid);
    if (summary && pod && matches(filter, pod, summary, () => store.eventsOf(uid))) out.push({ uid, summary });
  }
  return out.sort((x, y) => byName(x.summary.name, y.summary.name));
}
