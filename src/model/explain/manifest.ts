// Which catalog entry explains the YAML under the cursor: Pods and pod templates (Deployment,
// StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), multi-document files, flow style, comments,
// anchors and aliases. The path comes from the `yaml` package's node ranges.
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseAllDocuments } from 'yaml';
import { explainExit, explainField, explainReason } from './catalog';
import { Explanation } from './types';

/** Where the pod spec lives in each kind. */
const POD_ROOT: Record<string, string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

export interface ManifestHover {
  explanations: Explanation[];
  /** Extra line about the value under the cursor (e.g. what `Always` means here). */
  valueNote?: string;
  /** Offsets of the hovered key or value. */
  range: [number, number];
  /** The path as found, for tests: e.g. spec.containers[0].ports[0].hostPort */
  path: string;
}

type Seg = string | number;
interface Hit {
  path: Seg[];
  onKey: boolean;
  node: Node;
  range: [number, number];
}

function within(r: readonly number[] | undefined | null, offset: number): boolean {
  return !!r && offset >= r[0] && offset <= r[1];
}

function find(node: Node | null | undefined, offset: number, path: Seg[], depth = 0): Hit | undefined {
  if (!node || depth > 64) return undefined;
  if (isAlias(node)) {
    // An alias stands for its anchor's value: explain by the path where the alias sits.
    return within(node.range, offset)
      ? { path, onKey: false, node, range: [node.range![0], node.range![1]] }
      : undefined;
  }
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = item.key as Node | null;
      const keyName = isScalar(key) ? String(key.value) : undefined;
      if (keyName === undefined) continue;
      if (key && within(key.range, offset))
        return { path: [...path, keyName], onKey: true, node: key, range: [key.range![0], key.range![1]] };
      const value = item.value as Node | null;
      if (value && within(value.range, offset)) return find(value, offset, [...path, keyName], depth + 1);
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node;
      if (item && within(item.range, offset)) return find(item, offset, [...path, i], depth + 1);
    }
    return undefined;
  }
  if (isScalar(node) && within(node.range, offset))
    return { path, onKey: false, node, range: [node.range![0], node.range![1]] };
  return undefined;
}

function scalarValue(node: Node, doc: Document): unknown {
  const n = isAlias(node) ? (node as Alias).resolve(doc) : node;
  return isScalar(n) ? n.value : undefined;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
const STATUS_LISTS = new Set(['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']);

/** Pod-relative path (indices dropped, container lists unified) -> catalog keys to try, best first. */
function fieldKeys(rel: string[]): string[] {
  const keys: string[] = [];
  const joined = rel.join('.');
  keys.push(joined);
  // Container fields are documented once, under spec.containers.
  if (rel[0] === 'spec' && CONTAINER_LISTS.has(rel[1]) && rel.length > 2)
    keys.push(['spec', 'containers', ...rel.slice(2)].join('.'));
  if (rel[0] === 'status' && STATUS_LISTS.has(rel[1]))
    keys.push(['status', 'containerStatuses', ...rel.slice(2)].join('.'));
  // Walk up to the nearest documented ancestor (resources.limits.memory -> resources).
  const out: string[] = [];
  for (const k of keys) {
    const parts = k.split('.');
    for (let n = parts.length; n > 0; n--) out.push(parts.slice(0, n).join('.'));
  }
  return [...new Set(out)];
}

const RESTART_POLICY_NOTE: Record<string, string> = {
  Always: 'Always: every exit, even exit 0, is followed by a restart (with back-off).',
  OnFailure: 'OnFailure: only a non-zero exit is restarted; exit 0 leaves the container Completed.',
  Never: 'Never: an exited container stays terminated; the pod ends Succeeded or Failed.',
};

/** The same values on one container (Kubernetes ≥ 1.34): they decide for this container only. */
const CONTAINER_RESTART_POLICY_NOTE: Record<string, string> = {
  Always: "Always: this container is restarted after every exit, whatever the pod's restartPolicy says.",
  OnFailure: 'OnFailure: this container is restarted only after a non-zero exit (unless a restart rule decides first).',
  Never: 'Never: this container stays terminated after it exits, unless one of its restartPolicyRules matches.',
};

const RESIZE_RESTART_NOTE: Record<string, string> = {
  NotRequired: 'NotRequired: the running container is resized without a restart.',
  RestartContainer: 'RestartContainer: a resize of this resource restarts the container (same sandbox, same IP).',
};

export function explainManifestAt(text: string, offset: number): ManifestHover | undefined {
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { lineCounter: new LineCounter(), keepSourceTokens: false }) as Document[];
  } catch {
    return undefined;
  }
  const doc = docs.find(d => d.range && offset >= d.range[0] && offset <= d.range[2]);
  if (!doc || !doc.contents) return undefined;
  const kind = isMap(doc.contents) ? doc.get('kind') : undefined;
  const root = typeof kind === 'string' ? POD_ROOT[kind] : undefined;
  if (!root) return undefined;
  const hit = find(doc.contents as Node, offset, []);
  if (!hit) return undefined;
  // The path relative to the pod (template): must start with the pod root.
  const strPath = hit.path.map(s => String(s));
  if (root.some((r, i) => strPath[i] !== r)) return undefined;
  const relSegs = hit.path.slice(root.length);
  const rel = relSegs.filter((s): s is string => typeof s === 'string');
  if (!rel.length || (rel[0] !== 'spec' && !(rel[0] === 'status' && kind === 'Pod'))) return undefined;
  const explanations: Explanation[] = [];
  let valueNote: string | undefined;
  const last = rel[rel.length - 1];
  const value = hit.onKey ? undefined : scalarValue(hit.node, doc);

  // Values that have their own entries: reasons, exit codes, condition types.
  if (!hit.onKey && rel[0] === 'status') {
    if (last === 'reason' && typeof value === 'string') {
      const r = explainReason(value);
      if (r) explanations.push(r);
    }
    if (last === 'exitCode' && typeof value === 'number') explanations.push(explainExit(value));
    const cond = typeof value === 'string' ? explainField(`status.conditions.${value}`) : undefined;
    if (last === 'type' && rel[1] === 'conditions' && cond) explanations.push(cond);
  }
  // A condition's fields explain the condition type they belong to.
  if (rel[0] === 'status' && rel[1] === 'conditions' && typeof relSegs[2] === 'number') {
    const seq = doc.getIn([...root, 'status', 'conditions', relSegs[2], 'type']);
    const cond = typeof seq === 'string' ? explainField(`status.conditions.${seq}`) : undefined;
    if (cond && !explanations.length) explanations.push(cond);
  }
  // Sidecars: restartPolicy on an init container.
  if (rel[0] === 'spec' && rel[1] === 'initContainers' && rel.length === 3 && last === 'restartPolicy')
    explanations.push(explainField('spec.initContainers.restartPolicy')!);
  if (!explanations.length) {
    for (const k of fieldKeys(rel)) {
      const f = explainField(k);
      if (f) {
        explanations.push(f);
        break;
      }
    }
  }
  if (!explanations.length) return undefined;
  const inContainer = CONTAINER_LISTS.has(rel[1]) && rel.length > 2;
  if (!hit.onKey && last === 'restartPolicy' && typeof value === 'string' && rel[1] !== 'initContainers')
    valueNote = (inContainer ? CONTAINER_RESTART_POLICY_NOTE : RESTART_POLICY_NOTE)[value];
  if (!hit.onKey && last === 'hostUsers' && value === false)
    valueNote = 'false: the pod gets its own user namespace; root inside it is not root on the node.';
  if (!hit.onKey && last === 'restartPolicy' && rel.includes('resizePolicy') && typeof value === 'string')
    valueNote = RESIZE_RESTART_NOTE[value];
  if (!hit.onKey && last === 'hostNetwork' && value === true)
    valueNote = "true: the pod IP will be the node's IP; the sandbox holds no network namespace of its own.";
  if (!hit.onKey && last === 'shareProcessNamespace' && value === true)
    valueNote = 'true: /pause is PID 1 in every container of this pod.';
  return {
    explanations,
    valueNote,
    range: hit.range,
    path: hit.path
      .map(s => (typeof s === 'number' ? `[${s}]` : `.${s}`))
      .join('')
      .replace(/^\./, ''),
  };
}
