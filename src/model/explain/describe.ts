// Compose catalog entries into descriptions of one sandbox, container or instance.
// Output is plain text in a structure; each surface renders it safely (escaped Markdown, textContent).
import { ContainerAnatomy, PodAnatomy } from '../anatomy';
import { BACKOFF_RESET_S, backoffCountdown, backoffSchedule, backoffStep, observedDelays } from '../backoff';
import { bytes, clock, fullText, oneLine, plural, seconds, since } from '../format';
import { currentGenerationNumber } from '../generation';
import { InstanceRecord, PodHistory, instancesOf } from '../history';
import { explainConcept, explainExit, explainReason, signalName } from './catalog';
import { observedText, resizeConditionText, resourceLineText } from '../resize';
import { describeRule, restartDecision, restartPolicyBadge } from '../restartRules';
import { SandboxKill, instanceById, sandboxKillOf } from './sandboxKill';
import { generationSentence, placementSentence, sourceSentence } from '../evidence';

export interface Description {
  title: string;
  /** One or two sentences: what this thing is and means right now. */
  lead: string;
  facts: [string, string][];
  notes: string[];
  docs: { title: string; url: string }[];
}

const doc = (x: { title: string; docs: string } | undefined) => (x ? [{ title: x.title, url: x.docs }] : []);

export function describeSandbox(a: PodAnatomy, h?: PodHistory): Description {
  const sb = a.sandbox;
  const gen = h?.generations[h.generations.length - 1];
  let lead: string;
  switch (sb.state) {
    case 'unscheduled':
      lead = 'No sandbox yet: the pod is not scheduled to a node.';
      break;
    case 'creating':
      lead = 'The kubelet is creating the pause sandbox: the network namespace and IP come first, then the containers.';
      break;
    case 'gone':
      lead = 'The pod has finished; its sandbox has been torn down.';
      break;
    case 'host-network':
      lead = `The pause sandbox joins the node's network namespace (hostNetwork): the pod IP is the node IP${sb.podIP ? ` ${sb.podIP}` : ''}.`;
      break;
    default:
      lead = `The pause sandbox owns this pod's network namespace. Containers come and go; it keeps the IP ${sb.podIP}.`;
  }
  const facts: [string, string][] = [];
  if (sb.podIPs.length) facts.push(['IP', sb.podIPs.join(', ')]);
  facts.push(['Generation', generationSentence(h, a)]);
  if (gen && gen.cause !== 'initial') facts.push(['Evidence', fullText(gen.evidence)]);
  if (sb.nodeName) facts.push(['Node', oneLine(sb.nodeName, 120)]);
  if (sb.runtime) facts.push(['Runtime', oneLine(sb.runtime, 80)]);
  if (sb.runtimeClassName) facts.push(['Runtime class', oneLine(sb.runtimeClassName, 80)]);
  facts.push([
    'Pause image',
    sb.pauseImage.known
      ? `${sb.pauseImage.name}${sb.pauseImage.sizeBytes ? ` (${bytes(sb.pauseImage.sizeBytes)})` : ''}`
      : `unknown: ${sb.pauseImage.note}`,
  ]);
  if (sb.readyToStartContainers)
    facts.push([
      'PodReadyToStartContainers',
      `${sb.readyToStartContainers.status} since ${clock(sb.readyToStartContainers.since)}`,
    ]);
  facts.push([
    'Namespaces',
    [
      sb.hostNetwork ? 'network: node' : 'network: own',
      sb.shareProcessNamespace ? 'PID: shared, /pause is PID 1' : sb.hostPID ? 'PID: node' : 'PID: one per container',
      sb.hostIPC ? 'IPC: node' : 'IPC: own',
    ].join(' · '),
  ]);
  facts.push(...sandboxCardFacts(a, h));
  const notes = sb.sandboxErrors.map(e => `${e.reason}: ${fullText(e.message)}`);
  return {
    title: 'pause sandbox',
    lead,
    facts,
    notes,
    docs: [...doc(explainConcept('sandbox')), ...(sb.hostNetwork ? doc(explainConcept('host-network')) : [])],
  };
}

/** An absolute time and, computed now (when the tooltip is shown), how long ago. */
function at(t: string, now: number): string {
  const ago = since(t, now);
  return ago ? `${t} (${ago} ago)` : t;
}

/** A pod: what it is doing now, and its past crashes (the restart badge) with the latest one. */
export function describePod(a: PodAnatomy, now = Date.now()): Description {
  const ready = `${a.ready.ready}/${a.ready.total} ready`;
  const facts: [string, string][] = [];
  if (a.phase !== a.status) facts.push(['Phase', a.phase]);
  if (a.statusMessage) facts.push(['Message', fullText(a.statusMessage)]);
  facts.push(['Containers', a.containers.map(c => `${oneLine(c.name, 80)} (${c.kind})`).join(', ')]);
  if (a.podIP) facts.push(['IP', a.hostNetwork ? `${a.podIP} (the node's)` : a.podIP]);
  const last = a.containers
    .filter(c => c.lastTermination)
    .sort((x, y) => (x.lastTermination!.finishedAt ?? '').localeCompare(y.lastTermination!.finishedAt ?? ''))
    .pop();
  if (a.restarts) {
    const t = last?.lastTermination;
    const when = t?.finishedAt ? ` at ${at(t.finishedAt, now)}` : '';
    const what = t ? `; latest: ${oneLine(last!.name, 80)} ${exitHead(t.exitCode, t.signal, t.reason)}${when}` : '';
    facts.push(['Restarts', `${a.restarts}${what}`]);
  }
  const past = a.restarts ? ` Its containers restarted ${plural(a.restarts, 'time')} before.` : '';
  const lead = a.health === 'running' ? `Running, ${ready}.${past}` : `${a.status}, ${ready}.${past}`;
  return { title: `${a.namespace}/${a.name}`, lead, facts, notes: [], docs: [] };
}

export function describeBackoff(c: ContainerAnatomy, now = Date.now(), h?: PodHistory): string | undefined {
  if (!c.backoff) return undefined;
  const { step, of } = backoffStep(c.backoff.seconds);
  const sched = backoffSchedule().map(seconds).join(', ');
  const left = backoffCountdown(c.backoff.nextStartAt, now);
  const when = !left
    ? ''
    : left.due
      ? `, next start due (expected ${clock(c.backoff.nextStartAt)}; the kubelet starts it at its next sync)`
      : `, next start expected about ${clock(c.backoff.nextStartAt)} (in ${seconds(left.seconds)})`;
  const observed = h ? observedBackoff(h, c.name) : '';
  return `The kubelet's default back-off: the first restart is immediate, then ${sched} (reset after ${seconds(BACKOFF_RESET_S)} of running); a node can be configured shorter. This container waits ${seconds(c.backoff.seconds)} (step ${step} of ${of}, from its waiting message)${when}.${observed}`;
}

/** " Observed: #1→#2 0s, #2→#3 12s: as the default (plus the kubelet's sync delay)." */
export function observedBackoff(h: PodHistory, container: string): string {
  const runs = instancesOf(h, container).map(i => ({
    ordinal: i.ordinal,
    startedAt: i.startedAt,
    finishedAt: i.finishedAt,
    immediate: !!i.end && ['sandbox', 'restart-all', 'resize'].includes(i.end.kind),
  }));
  const ds = observedDelays(runs);
  if (!ds.length) return '';
  const list = ds.map(d => `#${d.from}→#${d.to} ${seconds(d.seconds)}`).join(', ');
  const shorter = ds.filter(d => d.verdict === 'shorter');
  const verdict = shorter.length
    ? `shorter than the default (${shorter.map(d => `expected ${seconds(d.expected)}`).join(', ')}): this node's kubelet seems to use a shorter back-off`
    : ds.some(d => d.verdict === 'longer')
      ? 'some longer than the default: the kubelet was slow to restart it (image pull, a busy node)'
      : "as the default schedule (plus up to the kubelet's sync delay)";
  return ` Observed restarts: ${list}: ${verdict}.`;
}

/** "Ended because the pod sandbox was recreated (event SandboxChanged at …; new IP …)." */
function killLine(k: SandboxKill): string {
  return `Ended because the pod sandbox was recreated (${k.evidence}); the kubelet kills every container of the old sandbox.`;
}

/** "exit 137 Error (SIGKILL)" */
function exitHead(code: number, signal?: number, reason?: string): string {
  return `exit ${code}${reason ? ` ${reason}` : ''}${signal ? ` (${signalName(signal)})` : ''}`;
}

function exitLine(code: number | undefined, signal?: number, reason?: string): string | undefined {
  return code === undefined ? undefined : `${exitHead(code, signal, reason)}: ${explainExit(code).summary}`;
}

export function describeContainer(c: ContainerAnatomy, a: PodAnatomy, now = Date.now(), h?: PodHistory): Description {
  const kindText = {
    init: 'init container (runs to completion before the app starts)',
    sidecar: 'sidecar (an init container with restartPolicy Always)',
    app: 'app container',
    ephemeral: 'ephemeral debug container',
  }[c.kind];
  const parts: string[] = [];
  const docs = [] as Description['docs'];
  if (c.state === 'waiting' && c.stateReason) {
    const r = explainReason(c.stateReason);
    parts.push(r ? `${c.stateReason}: ${r.summary}` : `Waiting: ${oneLine(c.stateReason, 80)}.`);
    docs.push(...doc(r));
  } else if (c.state === 'running') parts.push(`Running${c.ready ? ' and ready' : ', not ready yet'}.`);
  else if (c.state === 'terminated')
    parts.push(exitLine(c.termination?.exitCode, c.termination?.signal, c.termination?.reason) ?? 'Terminated.');
  else parts.push('No status yet: the kubelet has not reported this container.');
  const last = c.lastTermination;
  // A previous instance removed by a whole-pod restart has no ID in lastState: it is the one numbered restartCount.
  const lastInstance =
    instanceById(h, last?.containerId) ??
    (last && !last.containerId ? instancesOf(h, c.name).find(i => i.ordinal === c.restartCount) : undefined);
  const killed = lastInstance && sandboxKillOf(lastInstance, h);
  if (last) {
    parts.push(`Previous instance: ${exitLine(last.exitCode, last.signal, last.reason)}`);
    if (killed) parts.push(killLine(killed));
    docs.push(...doc(killed ? explainConcept('sandbox-kill') : explainExit(last.exitCode)));
  }
  const why = causeLines(c, h, lastInstance, !!killed);
  parts.push(...why);
  const bo = describeBackoff(c, now, h);
  if (bo) {
    parts.push(bo);
    docs.push(...doc(explainConcept('backoff')));
  }
  const facts: [string, string][] = [['Kind', kindText]];
  if (c.shortId) facts.push(['Container ID', `${c.shortId} (instance #${c.restartCount + 1})`]);
  facts.push(['Restarts', String(c.restartCount)]);
  if (c.image) facts.push(['Image', oneLine(c.image, 200)]);
  if (c.startedAt) facts.push([c.state === 'running' ? 'Started' : 'Last started', at(c.startedAt, now)]);
  if (c.ports.length)
    facts.push([
      'Ports',
      c.ports.map(p => `${p.port}/${p.protocol}${p.name ? ` (${oneLine(p.name, 30)})` : ''}`).join(', ') +
        ` on ${a.sandbox.podIP ?? 'the pod IP'} and localhost`,
    ]);
  if (c.mounts.length)
    facts.push(['Volumes', c.mounts.map(m => `${oneLine(m.volume, 60)} at ${oneLine(m.path, 100)}`).join(', ')]);
  facts.push(...containerDetailFacts(c, a));
  if (c.stateMessage) facts.push(['Message', fullText(c.stateMessage)]);
  if (last?.message) facts.push(['Last message', fullText(last.message)]);
  const ip = a.sandbox.podIP ? ` (IP ${a.sandbox.podIP})` : '';
  const notes = [
    killed
      ? `This instance started in the new sandbox, generation ${killed.next.generation}${ip}.`
      : `It joins the pause sandbox${ip}; a restart replaces this container, not the sandbox.`,
  ];
  return {
    title: c.name, // the kind is the first fact: "app · app" said it twice
    lead: parts.join(' '),
    facts,
    notes,
    docs: [...docs, ...doc(explainConcept('instance'))],
  };
}

export function describeInstance(i: InstanceRecord, h?: PodHistory): Description {
  const ran =
    i.startedAt && i.finishedAt
      ? `${clock(i.startedAt)}–${clock(i.finishedAt)}`
      : i.startedAt
        ? `since ${clock(i.startedAt)}`
        : 'times unknown';
  const killed = sandboxKillOf(i, h);
  const exit =
    i.exitCode !== undefined ? exitLine(i.exitCode, i.signal, i.reason)! : 'Still running (or its end was not seen).';
  const lead = killed ? `${killLine(killed)} ${exit}` : i.end ? `${i.end.text} ${exit}` : exit;
  const facts: [string, string][] = [
    ['Instance', `#${i.ordinal} of ${i.container}`],
    ['Container ID', i.containerId ?? 'unknown'],
    ['Ran', ran],
    [
      'Sandbox generation',
      killed
        ? `${i.generation}, ended with it; generation ${killed.next.generation} replaced it`
        : String(i.generation),
    ],
  ];
  facts.push(...instanceEvidenceFacts(i, h));
  if (i.message) facts.push(['Message', fullText(i.message)]);
  return {
    title: `${i.container} #${i.ordinal}`,
    lead,
    facts,
    notes: [],
    docs: [
      ...doc(killed ? explainConcept('sandbox-kill') : undefined),
      ...doc(i.exitCode !== undefined ? explainExit(i.exitCode) : undefined),
      ...doc(explainConcept('instance')),
    ],
  };
}

// ---- The newer pod anatomy (Kubernetes 1.25-1.37): the sandbox card and container details ----

/** "uid 0, gid 0, groups 0" */
function userText(u: NonNullable<ContainerAnatomy['user']>, ownUserNamespace: boolean): string {
  const ids = [`uid ${u.uid ?? '?'}`, `gid ${u.gid ?? '?'}`];
  if (u.groups.length) ids.push(`groups ${u.groups.join(', ')}`);
  const where = ownUserNamespace ? " inside the pod's own user namespace (not the node's IDs)" : '';
  return `${ids.join(', ')}${where}`;
}

/** The sandbox card's facts beyond IP and generation: node IPs, user namespace, resources, timing, rounds. */
export function sandboxCardFacts(a: PodAnatomy, h?: PodHistory): [string, string][] {
  const sb = a.sandbox;
  const facts: [string, string][] = [];
  if (sb.hostIPs.length) facts.push(['Node IP', sb.hostIPs.join(', ')]);
  facts.push([
    'User namespace',
    sb.hostUsers === false ? 'own (hostUsers: false): root inside is not root on the node' : "the node's",
  ]);
  for (const l of a.resize.pod) facts.push([`Pod ${l.resource}`, resourceLineText(l)]);
  const r = sb.readyAfter;
  if (r) {
    const first = currentGenerationNumber(h?.generations, sb) === 1;
    facts.push([
      'Sandbox ready',
      first
        ? `${seconds(r.seconds)} after scheduling (PodScheduled ${clock(r.scheduledAt)} → PodReadyToStartContainers ${clock(r.readyAt)})`
        : `at ${clock(r.readyAt)} (this sandbox is not the first, so the time since scheduling says nothing)`,
    ]);
  }
  const seen = observedText(a.resize.observed);
  if (seen) facts.push(['Spec seen', seen]);
  for (const t of resizeConditionText(a.resize)) facts.push(['Resize', t]);
  const round = a.restartInPlace;
  if (round)
    facts.push([
      'Restart in place',
      `${round.inProgress ? 'all containers are restarting now' : 'all containers were restarted in place'} in this same sandbox (${fullText(round.evidence)}): not a new generation`,
    ]);
  return facts;
}

/** Start and stop order of a sidecar among the init containers. */
function sidecarOrder(c: ContainerAnatomy, a: PodAnatomy): string {
  const inits = a.containers
    .filter(x => x.initOrder !== undefined)
    .sort((x, y) => (x.initOrder ?? 0) - (y.initOrder ?? 0));
  const pos = inits.findIndex(x => x.name === c.name);
  const next = inits[pos + 1];
  const then = next
    ? `${oneLine(next.name, 60)} (${next.kind}) starts once it has started`
    : 'the app containers start once it has started';
  const sidecars = inits.filter(x => x.kind === 'sidecar');
  const stop =
    sidecars.length > 1
      ? `stops after the app containers, in reverse order: ${sidecars
          .map(x => oneLine(x.name, 40))
          .reverse()
          .join(', ')}`
      : 'stops after the app containers have stopped';
  return `starts ${pos + 1} of ${inits.length} in init order; ${then}; ${stop}`;
}

/** Container details beyond state: restart policy and rules, sidecar order, stop signal, user, mounts, resources. */
export function containerDetailFacts(c: ContainerAnatomy, a: PodAnatomy): [string, string][] {
  const facts: [string, string][] = [];
  if (c.kind === 'sidecar') facts.push(['Order', sidecarOrder(c, a)]);
  const spec = { restartPolicy: c.restartPolicy, restartPolicyRules: c.restartPolicyRules };
  const badge = restartPolicyBadge(spec, c.kind === 'sidecar');
  if (badge) {
    const rules = (c.restartPolicyRules ?? []).map((r, i) => `${i + 1}. ${describeRule(r)}`).join('; ');
    facts.push(['Restart policy', rules ? `${badge}: ${rules}` : badge]);
  }
  if (c.kind === 'app' || c.kind === 'init') {
    for (const [label, t] of [
      ['Last exit', c.lastTermination],
      ['Exit', c.termination],
    ] as const) {
      if (!t || (!c.restartPolicyRules && !c.restartPolicy)) continue;
      if (t.reason === 'RestartingAllContainers') {
        facts.push([label, 'ended by an in-place restart of all containers (RestartingAllContainers)']);
        continue;
      }
      facts.push([label, restartDecision(spec, a.restartPolicy, t.exitCode).text]);
    }
  }
  if (c.stopSignal) {
    const s = c.stopSignal;
    facts.push([
      'Stop signal',
      s.asked && s.effective && s.asked !== s.effective
        ? `${s.effective} (lifecycle.stopSignal asks ${s.asked})`
        : `${s.effective ?? s.asked}${s.asked ? ' (lifecycle.stopSignal)' : ''}`,
    ]);
  }
  if (c.user) facts.push(['User', userText(c.user, a.sandbox.hostUsers === false)]);
  const special = c.mounts.filter(m => m.readOnly || m.recursiveReadOnly || m.effective?.recursiveReadOnly);
  for (const m of special) {
    const eff = m.effective;
    const ro = eff ? (eff.readOnly ? 'read-only' : 'read-write') : m.readOnly ? 'read-only' : 'read-write';
    const rec = eff?.recursiveReadOnly ?? m.recursiveReadOnly;
    const recText = rec ? `, recursive read-only ${rec}${eff?.recursiveReadOnly ? ' (as mounted)' : ' (asked)'}` : '';
    facts.push([`Mount ${oneLine(m.path, 80)}`, `${ro}${recText}`]);
  }
  for (const l of c.resources) facts.push([`Resources ${l.resource}`, resourceLineText(l)]);
  return facts;
}

/** Why the previous (or the current, ended) instance ended, and what the kubelet does next. */
function causeLines(
  c: ContainerAnatomy,
  h: PodHistory | undefined,
  last: InstanceRecord | undefined,
  killed: boolean,
): string[] {
  const out: string[] = [];
  // A crash, a signal or a completion is said by the exit line already; other causes need their evidence.
  const plain = ['crash', 'signal', 'completed'];
  if (last?.end && !killed && !plain.includes(last.end.kind))
    out.push(`Why it ended: ${last.end.text.replace(/\.$/, '')} (${last.end.evidence}).`);
  const current = instanceById(h, c.containerId);
  if (c.state === 'terminated' && current?.end) {
    out.push(`This instance: ${current.end.text}`);
    if (current.end.next) out.push(`Next: ${current.end.next}.`);
  }
  return out;
}

/** How an instance is known, why it ended (with the evidence), what followed, and its sandbox. */
function instanceEvidenceFacts(i: InstanceRecord, h: PodHistory | undefined): [string, string][] {
  const facts: [string, string][] = [['Known from', sourceSentence(i)]];
  if (i.end) {
    facts.push(['Why it ended', i.end.text]);
    facts.push(['How we know', fullText(i.end.evidence)]);
    if (i.end.next) facts.push(['Then', i.end.next]);
  }
  facts.push(['Placed', placementSentence(i, h)]);
  return facts;
}
