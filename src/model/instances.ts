// Finding one container instance in a pod's history, written once: by the tree node's
// (container, ordinal) and by the runtime's container ID.
import type { InstanceRecord, PodHistory } from './history';

export function instanceByOrdinal(
  h: PodHistory | undefined,
  container: string,
  ordinal: number,
): InstanceRecord | undefined {
  return h?.instances.find(x => x.container === container && x.ordinal === ordinal);
}

export function instanceById(h: PodHistory | undefined, containerId: string | undefined): InstanceRecord | undefined {
  return containerId ? h?.instances.find(i => i.containerId === containerId) : undefined;
}
