// The "current sandbox generation" rule, written once: the newest generation the history
// recorded, or, with no history yet, 1 + the recreations the pod's events tell of.
// Shared by the tree, the descriptions and the webview (which has the same two inputs).

export function currentGenerationNumber(
  generations: readonly { generation: number }[] | undefined,
  sandbox: { recreations: number },
): number {
  return generations?.[generations.length - 1]?.generation ?? 1 + sandbox.recreations;
}

/**
 * The current generation's IP: the one the history recorded for it. Right after a recreation the
 * pod's status still carries the old sandbox's IP until the new one reports its own; the history
 * does not give the new generation that IP (history.ts), so neither does the picture: no IP yet.
 * With no history, the status's IP.
 */
export function currentGenerationIP(
  generations: readonly { generation: number; podIP?: string }[] | undefined,
  sandbox: { podIP?: string },
): string | undefined {
  const cur = generations?.[generations.length - 1];
  return cur ? cur.podIP : sandbox.podIP;
}

/**
 * The sandbox generation a container's current instance ran in, when that is an older one than the
 * pod's current generation: that sandbox was replaced, so the instance ended with it, even while the
 * status still calls it running (the kubelet reports the kill only later; the real 1.37 sandbox-kill
 * recording has such an update). Undefined otherwise. The history places instances (history.ts).
 */
export function olderSandboxOf(
  instances: readonly { containerId?: string; generation: number }[] | undefined,
  generations: readonly { generation: number }[] | undefined,
  c: { containerId?: string; state: string },
): number | undefined {
  if (c.state !== 'running' || !c.containerId || !generations?.length) return undefined;
  const ran = instances?.find(i => i.containerId === c.containerId)?.generation;
  const now = generations[generations.length - 1].generation;
  return ran !== undefined && ran < now ? ran : undefined;
}
