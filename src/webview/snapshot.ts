// Model -> AnatomySnapshot: what the webview needs, computed on the host.
import { PodAnatomy } from '../model/anatomy';
import { describeContainer, describeSandbox } from '../model/explain/describe';
import { explainConcept, explainExit } from '../model/explain/catalog';
import { PodHistory, emptyHistory } from '../model/history';
import { buildTimeline } from '../model/timeline';
import { generationsExact } from '../model/evidence';
import { AnatomySnapshot } from './protocol';

export function buildSnapshot(
  context: string,
  a: PodAnatomy,
  h: PodHistory | undefined,
  readOnly: boolean,
  now = Date.now(),
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
    anatomy: a,
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
  };
}
