// Which container instances ended because their pod sandbox was recreated, with the evidence.
// A container cannot outlive its sandbox: an instance of generation g that ended when generation
// g+1 began (the kubelet kills the old sandbox's containers right after SandboxChanged) ended with it.
import { clock } from '../format';
import type { InstanceRecord, PodHistory, SandboxGeneration } from '../history';

/** How far an instance's end may be from the new sandbox's start (event times have one-second
 * resolution, and the kubelet stops the old containers within its grace period). */
const BEFORE_MS = 2_000;
const AFTER_MS = 120_000;

export interface SandboxKill {
  /** The generation that replaced the one the instance ran in. */
  next: SandboxGeneration;
  previous?: SandboxGeneration;
  /** "event SandboxChanged at 22:59:10; new IP 10.244.0.33, was 10.244.0.32" */
  evidence: string;
}

export function sandboxKillOf(i: InstanceRecord, h: PodHistory | undefined): SandboxKill | undefined {
  const end = Date.parse(i.finishedAt ?? '');
  if (!h || !Number.isFinite(end)) return undefined;
  const at = h.generations.findIndex(g => g.generation > i.generation);
  const next = h.generations[at];
  const since = Date.parse(next?.since ?? '');
  if (!next || !Number.isFinite(since) || end < since - BEFORE_MS || end > since + AFTER_MS) return undefined;
  const previous = h.generations.find(g => g.generation === i.generation);
  const parts = [
    next.cause === 'SandboxChanged'
      ? `event SandboxChanged at ${clock(next.since)}`
      : `${next.evidence}, ${clock(next.since)}`,
  ];
  if (next.podIP && next.podIP !== previous?.podIP)
    parts.push(`new IP ${next.podIP}${previous?.podIP ? `, was ${previous.podIP}` : ''}`);
  return { next, previous, evidence: parts.join('; ') };
}

/** The instance record of a container ID: the one lookup lives in ../instances. */
export { instanceById } from '../instances';
