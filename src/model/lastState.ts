// Which instance a container status's lastState describes. The kubelet counts restarts when it
// creates a container, so the number depends on whether a newer container exists yet.

interface LastStateOf {
  containerId?: string;
  lastTermination?: { containerId?: string };
  restartCount: number;
}

/** In back-off no newer container exists yet: the status's containerID and lastState both name the
 *  instance that just died, which restartCount still counts as the current one. */
export function lastTerminationIsLatest(c: LastStateOf): boolean {
  return !!c.lastTermination?.containerId && c.lastTermination.containerId === c.containerId;
}

/** The number of the instance a container's lastState describes: #restartCount, or #(restartCount + 1)
 *  while no newer container exists (back-off). 0: none. */
export function lastTerminationOrdinal(c: LastStateOf): number {
  if (!c.lastTermination) return 0;
  return lastTerminationIsLatest(c) ? c.restartCount + 1 : c.restartCount;
}
