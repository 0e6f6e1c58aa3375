// The tree's pod filter: by name, by label (key or key=value), and/or only pods with problems.
import { KPod } from './k8s';
import { PodSummary } from './summary';

export interface PodFilter {
  /** Substring of the name (case-insensitive), or `key=value` / `key` to match a label. */
  text?: string;
  problemsOnly?: boolean;
}

export function isActive(f: PodFilter | undefined): boolean {
  return !!f && (!!f.text?.trim() || !!f.problemsOnly);
}

export function describeFilter(f: PodFilter): string {
  return [f.text?.trim() ? `"${f.text.trim()}"` : '', f.problemsOnly ? 'only problems' : '']
    .filter(Boolean)
    .join(' + ');
}

export function matches(f: PodFilter | undefined, pod: KPod, a: PodSummary): boolean {
  if (!f) return true;
  if (f.problemsOnly && !a.hasProblem) return false;
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
