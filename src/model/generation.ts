// The "current sandbox generation" rule, written once: the newest generation the history
// recorded, or, with no history yet, 1 + the recreations the pod's events tell of.
// Shared by the tree, the descriptions and the webview (which has the same two inputs).

export function currentGenerationNumber(
  generations: readonly { generation: number }[] | undefined,
  sandbox: { recreations: number },
): number {
  return generations?.[generations.length - 1]?.generation ?? 1 + sandbox.recreations;
}
