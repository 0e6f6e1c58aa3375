// The current sandbox generation, the one rule every surface uses (tree row, hovers, webview).
import type { SandboxAnatomy } from './anatomy';
import type { PodHistory } from './history';

/**
 * The newest generation the history recorded; without a history, 1 plus the recreations the
 * pod's events tell of (SandboxChanged count).
 */
export function currentGeneration(h: Pick<PodHistory, 'generations'> | undefined, sb: SandboxAnatomy): number {
  return h?.generations[h.generations.length - 1]?.generation ?? 1 + sb.recreations;
}
