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
