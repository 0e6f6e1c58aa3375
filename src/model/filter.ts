// The tree's pod filter: by name, by label (key or key=value), and/or only pods with problems,
// and/or only troubled pods (the crash radar's rule, radar.ts).
import { KEvent, KPod } from './k8s';
import { isTroubledPod } from './radar';
import { PodSummary } from './summary';

export interface PodFilter {
  /** Substring of the name (case-insensitive), or `key=value` / `key` to match a label. */
  text?: string;
  problemsOnly?: boolean;
  /** Only pods the crash radar counts (issue 19 §3): the badge's rule, so the list and the count agree. */
  troubledOnly?: boolean;
}

export function isActive(f: PodFilter | undefined): boolean {
  return !!f && (!!f.text?.trim() || !!f.problemsOnly || !!f.troubledOnly);
}

export function describeFilter(f: PodFilter): string {
  const text = f.text?.trim() ? `"${f.text.trim()}"` : '';
  return [text, f.problemsOnly ? 'only problems' : '', f.troubledOnly ? 'only troubled' : '']
    .filter(Boolean)
    .join(' + ');
}

/** `events` gives the pod's events, read only when the "Troubled" rule needs them. */
export function matches(f: PodFilter | undefined, pod: KPod, a: PodSummary, events: () => readonly KEvent[]): boolean {
  if (!f) return true;
  if (f.problemsOnly && !a.hasProblem) return false;
  if (f.troubledOnly && !isTroubledPod(pod, events())) return false;
  const text = f.text?.trim();
  if (!text) return true;
  const labels = pod.metadata?.labels ?? {};
  const eq = text.indexOf('=');
  if (eq > 0) {
    const k = text.slice(0, eq).trim(),
      v = text.slice(eq + 1).trim();
    return Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === v;
  }
  if (text.startsWith('label:')) return Object.prototype.hasOwnProperty.call(labels, text.slice(6).trim());
  return a.name.toLowerCase().includes(text.toLowerCase());
}
