// Model -> AnatomySnapshot: what the webview needs, computed on the host.
import { PodAnatomy } from '../model/anatomy';
import { describeContainer, describeSandbox } from '../model/explain/describe';
import { explainConcept, explainExit } from '../model/explain/catalog';
import { sandboxKillOf } from '../model/explain/sandboxKill';
import { currentGenerationIP, currentGenerationNumber } from '../model/generation';
import { PodHistory, emptyHistory } from '../model/history';
import { buildTimeline } from '../model/timeline';
import { EndKind } from '../model/causes';
import { generationsExact } from '../model/evidence';
import { AnatomySnapshot, InstanceCause } from './protocol';
import { instanceKey } from './layout/timelineLayout';

export function buildSnapshot(
  context: string,
  a: PodAnatomy,
  h: PodHistory | undefined,
  readOnly: boolean,
  now = Date.now(),
  recorded?: string,
): AnatomySnapshot {
  const hist = h ?? emptyHistory(a);
  const timeline = buildTimeline(hist, a);
  const exits: Record<string, string> = {};
  for (const s of timeline) {
    if (s.exitCode !== undefined && !exits[s.exitCode]) {
      const x = explainExit(s.exitCode);
      exits[s.exitCode] = `${x.title}: ${x.summary} ${x.detail}`;
    }
  }
  for (const c of a.containers) {
    const code = c.lastTermination?.exitCode ?? c.termination?.exitCode;
    if (code !== undefined && !exits[code]) {
      const x = explainExit(code);
      exits[code] = `${x.title}: ${x.summary} ${x.detail}`;
    }
  }
  const concepts: Record<string, string> = {};
  for (const k of ['sandbox', 'instance', 'generation', 'backoff', 'host-network', 'pid1']) {
    const c = explainConcept(k);
    if (c) concepts[k] = `${c.title}: ${c.summary} ${c.sandbox}`;
  }
  return {
    context,
    causes: causesOf(hist),
    anatomy: a,
    current: {
      generation: currentGenerationNumber(h?.generations, a.sandbox),
      podIP: a.sandbox.hostNetwork ? undefined : currentGenerationIP(h?.generations, a.sandbox),
    },
    generations: hist.generations,
    generationsExact: generationsExact(h),
    instances: hist.instances,
    timeline,
    explain: {
      sandbox: describeSandbox(a, h),
      containers: Object.fromEntries(a.containers.map(c => [c.name, describeContainer(c, a, now, h)])),
      exits,
      concepts,
    },
    now,
    readOnly,
    recorded,
  };
}

/** Why instances ended, as far as the model tells (see AnatomySnapshot.causes). */
/** The ends the timeline marks: probe kills, resizes, whole-pod restarts. */
const markerOf: Partial<Record<EndKind, InstanceCause['kind']>> = {
  probe: 'probe-kill',
  resize: 'resize',
  'restart-all': 'restart-all',
  sandbox: 'sandbox-recreated',
};

function causesOf(h: PodHistory): Record<string, InstanceCause> {
  const out: Record<string, InstanceCause> = {};
  for (const i of h.instances) {
    const kill = sandboxKillOf(i, h);
    if (kill)
      out[instanceKey(i)] = {
        text: `sandbox recreated (generation ${kill.next.generation})`,
        kind: 'sandbox-recreated',
        evidence: kill.evidence,
      };
    // Otherwise the model's classification of the end (model/causes.ts), with its evidence.
    else if (i.end) out[instanceKey(i)] = { text: i.end.label, kind: markerOf[i.end.kind], evidence: i.end.evidence };
  }
  return out;
}
