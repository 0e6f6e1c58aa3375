// Pod anatomy webview. Cluster strings only ever reach the DOM through textContent / title
// properties; the only markup is built here from fixed strings. Messages are checked by the
// shared protocol guards.
import type { ContainerKind } from '../../src/model/anatomy';
import { Frame, FrameContainer, TimelineStep, framesOf } from '../../src/model/timeline';
import { AnatomySnapshot, PanelState, PodAction, WebviewMessage, isHostMessage } from '../../src/webview/protocol';

declare function acquireVsCodeApi(): {
  postMessage(m: WebviewMessage): void;
  setState(s: PanelState): void;
  getState(): unknown;
};
const vscode = acquireVsCodeApi();
const send = (m: WebviewMessage) => vscode.postMessage(m);
const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const sleep = (ms: number) => new Promise(r => setTimeout(r, reducedMotion() ? 0 : ms));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function button(text: string, label: string, onClick: () => void, cls = 'btn'): HTMLButtonElement {
  const b = el('button', cls, text);
  b.type = 'button';
  b.setAttribute('aria-label', label);
  b.title = label;
  b.addEventListener('click', onClick);
  return b;
}
const clock = (t?: string) => {
  const ms = Date.parse(t ?? '');
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(11, 19) : '?';
};
const short = (id?: string) => (id ? `${id.slice(0, 12)}` : 'no id yet');
const KIND_TITLE: Record<ContainerKind, string> = {
  init: 'init containers (in order)',
  sidecar: 'sidecars',
  app: 'app containers',
  ephemeral: 'ephemeral containers',
};

// ---- state ---------------------------------------------------------------------------------
let snap: AnatomySnapshot | undefined;
let clockOffset = 0;
let mode: 'live' | 'replay' = 'live';
let frameIndex = -1;
let playing = false;
let speed = 1;
let seenSteps = new Set<string>();
let animating = Promise.resolve();
const stepKey = (s: TimelineStep) => `${s.kind}|${s.at}|${s.container ?? ''}|${s.ordinal ?? ''}|${s.generation}`;

// ---- persistent DOM ------------------------------------------------------------------------
const app = document.getElementById('app')!;
app.textContent = '';
app.removeAttribute('aria-busy');
const header = el('header', 'top');
const title = el('h1', 'title');
const subtitle = el('span', 'subtitle');
const liveBadge = el('span', 'live-badge', '● live');
liveBadge.setAttribute('role', 'status');
const controls = el('div', 'controls');
controls.setAttribute('role', 'toolbar');
controls.setAttribute('aria-label', 'Replay controls');
// Icons are drawn (fonts may lack media-control glyphs); paths are fixed strings, never data.
const ICON_PATHS = {
  prev: 'M4 3h2v10H4zM13 3v10L7 8z',
  play: 'M5 3v10l8-5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  next: 'M10 3h2v10h-2zM3 3v10l6-5z',
};
function setIcon(b: HTMLButtonElement, name: keyof typeof ICON_PATHS): void {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS(ns, 'path');
  p.setAttribute('d', ICON_PATHS[name]);
  p.setAttribute('fill', 'currentColor');
  svg.append(p);
  b.replaceChildren(svg);
}
const prevBtn = button('', 'Previous step', () => step(-1), 'btn icon');
const playBtn = button('', 'Replay the timeline', () => togglePlay(), 'btn icon');
const nextBtn = button('', 'Next step', () => step(1), 'btn icon');
setIcon(prevBtn, 'prev');
setIcon(playBtn, 'play');
setIcon(nextBtn, 'next');
const speedSel = el('select', 'speed');
speedSel.setAttribute('aria-label', 'Replay speed');
for (const s of [1, 2, 4]) {
  const o = el('option', undefined, `${s}x`);
  o.value = String(s);
  speedSel.append(o);
}
speedSel.addEventListener('change', () => {
  speed = Number(speedSel.value) || 1;
});
const liveBtn = button('Live', 'Follow the cluster live', () => goLive(), 'btn live-btn');
controls.append(prevBtn, playBtn, nextBtn, speedSel, liveBtn);
const titleBox = el('div', 'title-box');
titleBox.append(title, subtitle);
header.append(titleBox, liveBadge, controls);

const notice = el('div', 'notice');
notice.hidden = true;
const stage = el('section', 'stage');
stage.setAttribute('aria-label', 'The pod: containers attached to the pause sandbox');
const groups = el('div', 'groups');
const sandbox = el('div', 'sandbox');
sandbox.setAttribute('role', 'group');
const sbTitle = el('div', 'sb-title');
const sbName = el('span', 'sb-name', 'pause sandbox');
const sbGen = el('span', 'sb-gen');
const ipBadge = el('span', 'ip-badge');
ipBadge.tabIndex = 0;
sbTitle.append(sbName, sbGen, ipBadge);
const sbFacts = el('div', 'sb-facts');
const sbShared = el('div', 'sb-shared');
sandbox.append(sbTitle, sbFacts, sbShared);
stage.append(groups, sandbox);

const podActions = el('div', 'pod-actions');
const timeline = el('section', 'timeline');
timeline.setAttribute('aria-label', 'Timeline');
const tlHead = el('h2', undefined, 'Timeline');
const tlList = el('ol', 'tl-list');
timeline.append(tlHead, tlList);
const announce = el('div', 'sr-only');
announce.setAttribute('aria-live', 'polite');
app.append(header, notice, stage, podActions, timeline, announce);

interface Card {
  root: HTMLElement;
  inst: HTMLElement;
  state: HTMLElement;
  msg: HTMLElement;
  ring: SVGCircleElement;
  ringBox: HTMLElement;
  actions: HTMLElement;
  last?: FrameContainer;
}
const cards = new Map<string, Card>();
const groupEls = new Map<ContainerKind, HTMLElement>();

function ringSvg(): { box: HTMLElement; circle: SVGCircleElement } {
  const box = el('span', 'ring');
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 36 36');
  svg.setAttribute('aria-hidden', 'true');
  const bg = document.createElementNS(ns, 'circle');
  const fg = document.createElementNS(ns, 'circle');
  for (const c of [bg, fg]) {
    c.setAttribute('cx', '18');
    c.setAttribute('cy', '18');
    c.setAttribute('r', '15.9');
  }
  bg.setAttribute('class', 'ring-bg');
  fg.setAttribute('class', 'ring-fg');
  svg.append(bg, fg);
  box.append(svg);
  return { box, circle: fg };
}

function card(name: string, kind: ContainerKind): Card {
  let c = cards.get(name);
  if (c) return c;
  const root = el('article', `card kind-${kind}`);
  root.tabIndex = 0;
  const head = el('header', 'card-head');
  head.append(el('span', 'card-name', name), el('span', 'card-kind', kind));
  const inst = el('div', 'inst');
  const state = el('div', 'state');
  const { box, circle } = ringSvg();
  box.hidden = true;
  const msg = el('div', 'msg');
  msg.hidden = true;
  const plug = el('div', 'plug', 'joins the sandbox');
  const actions = el('div', 'card-actions');
  root.append(head, inst, box, state, msg, plug, actions);
  let g = groupEls.get(kind);
  if (!g) {
    g = el('div', `group group-${kind}`);
    g.append(el('h2', 'group-title', KIND_TITLE[kind]), el('div', 'cards'));
    const order: ContainerKind[] = ['init', 'sidecar', 'app', 'ephemeral'];
    const after = order
      .slice(order.indexOf(kind) + 1)
      .map(k => groupEls.get(k))
      .find(Boolean);
    groups.insertBefore(g, after ?? null);
    groupEls.set(kind, g);
  }
  g.querySelector('.cards')!.append(root);
  c = { root, inst, state, msg, ring: circle, ringBox: box, actions };
  cards.set(name, c);
  return c;
}

// ---- rendering -----------------------------------------------------------------------------
function liveFrame(s: AnatomySnapshot): Frame {
  const gen = s.generations[s.generations.length - 1]?.generation ?? 1 + s.anatomy.sandbox.recreations;
  return {
    generation: gen,
    podIP: s.anatomy.sandbox.podIP,
    containers: s.anatomy.containers.map(c => ({
      name: c.name,
      kind: c.kind,
      ordinal: c.restartCount + 1,
      shortId: c.shortId,
      phase: c.state === 'running' ? 'running' : c.backoff ? 'back-off' : c.state === 'terminated' ? 'exited' : 'none',
      exitCode: c.termination?.exitCode ?? (c.backoff ? c.lastTermination?.exitCode : undefined),
      reason: c.state === 'waiting' ? c.stateReason : c.termination?.reason,
      backoffUntil: c.backoff?.nextStartAt,
    })),
  };
}

function frames(): Frame[] {
  return snap ? framesOf(snap.timeline, snap.anatomy.containers) : [];
}

function setText(e: HTMLElement, t: string): void {
  if (e.textContent !== t) e.textContent = t;
}

function renderFrame(f: Frame, animate: boolean): void {
  if (!snap) return;
  const a = snap.anatomy;
  // Sandbox: the IP badge is only touched when the IP really changes (its stillness is the lesson).
  const ipText = a.sandbox.hostNetwork
    ? `host network ${f.podIP ?? a.sandbox.hostIP ?? ''}`.trim()
    : f.podIP
      ? `IP ${f.podIP}`
      : f.ipUnknown
        ? 'IP unknown'
        : 'no IP yet';
  if (ipBadge.textContent !== ipText) {
    const had = ipBadge.textContent !== '';
    ipBadge.textContent = ipText;
    if (had && animate) flash(ipBadge, 'ip-changed');
  }
  const genText = `generation ${snap?.generationsExact === false ? '≥ ' : ''}${f.generation}`;
  if (sbGen.textContent !== genText) {
    const had = sbGen.textContent !== '';
    sbGen.textContent = genText;
    if (had && animate) flash(sandbox, 'replaced');
  }
  sandbox.dataset.state = a.sandbox.state;
  sandbox.setAttribute('aria-label', `pause sandbox, ${genText}, ${ipText}`);
  for (const c of f.containers) {
    const k = card(c.name, c.kind);
    const prev = k.last;
    const instText = c.ordinal ? `#${c.ordinal} · ${short(c.shortId)}` : 'not started yet';
    if (animate && prev && prev.ordinal !== undefined && c.ordinal !== undefined && prev.ordinal !== c.ordinal)
      leave(k);
    setText(k.inst, instText);
    if (animate && prev && prev.ordinal !== c.ordinal) flash(k.inst, 'arriving');
    k.root.classList.remove('phase-none', 'phase-running', 'phase-exited', 'phase-back-off', 'exit-ok', 'exit-error');
    k.root.classList.add(`phase-${c.phase}`);
    if (c.exitCode !== undefined) k.root.classList.add(c.exitCode === 0 ? 'exit-ok' : 'exit-error');
    let st: string;
    switch (c.phase) {
      case 'running':
        st = 'running';
        break;
      case 'exited':
        st = `exit ${c.exitCode ?? '?'}${c.reason ? ` ${c.reason}` : ''}`;
        break;
      case 'back-off':
        st = `exit ${c.exitCode ?? '?'} · back-off`;
        break;
      default:
        st = c.reason ?? 'waiting';
    }
    setText(k.state, st);
    k.state.title = c.exitCode !== undefined ? (snap.explain.exits[c.exitCode] ?? '') : '';
    k.ringBox.hidden = c.phase !== 'back-off' || !c.backoffUntil;
    k.root.dataset.backoffUntil = c.backoffUntil ?? '';
    k.root.setAttribute('aria-label', `${c.kind} container ${c.name}, instance ${c.ordinal ?? 'none'}, ${st}`);
    k.last = { ...c };
  }
  tick();
}

function flash(e: HTMLElement, cls: string): void {
  if (reducedMotion()) return;
  e.classList.remove(cls);
  void e.offsetWidth; // restart the CSS animation
  e.classList.add(cls);
  setTimeout(() => e.classList.remove(cls), 1600);
}

/** The old instance lifts off and fades while the new one plugs in. */
function leave(k: Card): void {
  if (reducedMotion()) return;
  const ghost = el('div', 'ghost', `${k.inst.textContent ?? ''} · ${k.state.textContent ?? ''}`);
  k.root.append(ghost);
  setTimeout(() => ghost.remove(), 1400);
}

function tick(): void {
  const now = Date.now() + clockOffset;
  for (const k of cards.values()) {
    const until = Date.parse(k.root.dataset.backoffUntil ?? '');
    if (k.ringBox.hidden || !Number.isFinite(until)) continue;
    const total =
      k.last?.backoffUntil && snap
        ? (snap.anatomy.containers.find(c => c.name === k.last!.name)?.backoff?.seconds ?? 10) * 1000
        : 10_000;
    const left = Math.max(0, until - now);
    k.ring.style.strokeDashoffset = String(100 - (100 * left) / total);
    const secs = Math.ceil(left / 1000);
    k.ringBox.title =
      left > 0
        ? `back-off: next start in ${secs} s (${clock(new Date(until).toISOString())})`
        : 'back-off over: the next start is due (the kubelet starts it at its next sync)';
    const base = k.state.textContent?.replace(/ · next start.*$/, '') ?? '';
    setText(k.state, left > 0 ? `${base} · next start in ${secs}s` : `${base} · next start due`);
  }
}
setInterval(tick, 500);

function renderStatic(s: AnatomySnapshot): void {
  const a = s.anatomy;
  setText(title, a.name);
  setText(subtitle, `${a.namespace} · ${s.context} · ${a.status}`);
  sandbox.title = [s.explain.sandbox.lead, ...s.explain.sandbox.facts.map(([k, v]) => `${k}: ${v}`)].join('\n');
  ipBadge.title = s.explain.concepts[a.sandbox.hostNetwork ? 'host-network' : 'sandbox'] ?? '';
  sbGen.title = s.explain.concepts.generation ?? '';
  sbFacts.textContent = '';
  const facts: string[] = [];
  if (a.sandbox.nodeName) facts.push(`node ${a.sandbox.nodeName}`);
  if (a.sandbox.runtime) facts.push(a.sandbox.runtime.replace('://', ' '));
  facts.push(
    a.sandbox.pauseImage.known
      ? `image ${a.sandbox.pauseImage.name}`
      : `pause image unknown (${a.sandbox.pauseImage.note})`,
  );
  if (a.sandbox.runtimeClassName) facts.push(`runtime class ${a.sandbox.runtimeClassName}`);
  if (a.sandbox.shareProcessNamespace) facts.push('shared PID namespace: /pause is PID 1');
  for (const f of facts) sbFacts.append(el('span', 'fact', f));
  sbShared.textContent = '';
  const ports = a.containers.flatMap(c => c.ports.map(p => `${p.port}/${p.protocol} (${c.name})`));
  const net = el('div', 'shared-line');
  net.append(
    el('span', 'shared-k', a.sandbox.hostNetwork ? 'node network:' : 'localhost:'),
    el('span', 'shared-v', ports.length ? ports.join(', ') : 'no declared ports; every container shares one localhost'),
  );
  sbShared.append(net);
  for (const v of a.volumes) {
    const line = el('div', 'shared-line');
    line.append(
      el('span', 'shared-k', `volume ${v.name}`),
      el('span', 'shared-v', `${v.type}${v.mountedBy.length ? ` · mounted by ${v.mountedBy.join(', ')}` : ''}`),
    );
    sbShared.append(line);
  }
  // Cards exist for every current container; remove those gone from the spec.
  const names = new Set(a.containers.map(c => c.name));
  for (const [n, k] of cards)
    if (!names.has(n)) {
      k.root.remove();
      cards.delete(n);
    }
  for (const c of a.containers) {
    const k = card(c.name, c.kind);
    const d = s.explain.containers[c.name];
    k.root.title = d ? [d.lead, ...d.facts.map(([x, y]) => `${x}: ${y}`)].join('\n') : '';
    k.inst.title = s.explain.concepts.instance ?? '';
    // Why the last instance ended, in its own words (termination message or waiting message): text only.
    const why =
      c.termination?.message ?? c.lastTermination?.message ?? (c.state === 'waiting' ? c.stateMessage : undefined);
    k.msg.hidden = !why;
    k.msg.textContent = why ? (why.length > 300 ? `${why.slice(0, 299)}…` : why) : '';
    k.msg.title = why ?? '';
    k.ringBox.title = s.explain.concepts.backoff ?? '';
    k.actions.textContent = '';
    const act = (label: string, action: PodAction, aria: string) =>
      k.actions.append(button(label, aria, () => send({ type: 'action', action, container: c.name }), 'btn small'));
    act('Logs', 'logs', `Show logs of ${c.name}`);
    act('Previous', 'previousLogs', `Show previous logs of ${c.name} (the instance that died)`);
    if (!s.readOnly && c.state === 'running' && c.kind !== 'ephemeral')
      act('Crash…', 'crash', `Crash container ${c.name} to watch it restart in the same sandbox`);
  }
  podActions.textContent = '';
  const pa = (label: string, action: PodAction, aria: string) =>
    podActions.append(button(label, aria, () => send({ type: 'action', action }), 'btn'));
  pa(
    'Sandbox processes',
    'processes',
    'Show the sandbox processes (PID 1 /pause when the process namespace is shared)',
  );
  pa('Events', 'events', 'Show the events of this pod');
  pa('Manifest', 'manifest', 'Open the live pod manifest');
  pa('Copy IP', 'copyIp', 'Copy the pod IP');
  if (!s.readOnly) pa('Delete pod…', 'delete', 'Delete this pod (asks first)');
}

function renderTimeline(s: AnatomySnapshot): void {
  tlList.textContent = '';
  s.timeline.forEach((st, i) => {
    const li = el('li', `tl-item tl-${st.kind}${st.exitCode !== undefined && st.exitCode !== 0 ? ' tl-error' : ''}`);
    const b = button('', `${clock(st.at)} ${st.label}`, () => {
      pause();
      mode = 'replay';
      frameIndex = i;
      showReplay(false);
    });
    b.append(el('span', 'tl-time', clock(st.at)), el('span', 'tl-label', st.label));
    const exit = st.exitCode !== undefined ? s.explain.exits[st.exitCode] : undefined;
    b.title = [st.label, st.why, exit].filter(Boolean).join('\n'); // the evidence behind the step
    li.append(b);
    tlList.append(li);
  });
  highlight();
}

function highlight(): void {
  const items = tlList.querySelectorAll('.tl-item');
  items.forEach((li, i) => li.classList.toggle('current', mode === 'replay' && i === frameIndex));
  liveBadge.textContent = mode === 'live' ? '● live' : `replay ${frameIndex + 1}/${items.length}`;
  liveBadge.classList.toggle('is-live', mode === 'live');
  setIcon(playBtn, playing ? 'pause' : 'play');
  playBtn.setAttribute('aria-label', playing ? 'Pause' : 'Replay the timeline');
  if (mode === 'replay') items[frameIndex]?.scrollIntoView?.({ block: 'nearest' });
}

function showReplay(animate: boolean): void {
  const fs = frames();
  if (!fs.length) return;
  frameIndex = Math.max(0, Math.min(frameIndex, fs.length - 1));
  renderFrame(fs[frameIndex], animate);
  const ch = fs[frameIndex].change;
  if (ch) announce.textContent = `${clock(ch.at)}: ${ch.label}`;
  highlight();
}

function step(d: number): void {
  pause();
  if (mode === 'live') {
    mode = 'replay';
    frameIndex = frames().length - 1;
  }
  frameIndex += d;
  showReplay(true);
}

function pause(): void {
  playing = false;
  highlight();
}
async function togglePlay(): Promise<void> {
  if (playing) {
    pause();
    return;
  }
  playing = true;
  if (mode === 'live' || frameIndex >= frames().length - 1) {
    mode = 'replay';
    frameIndex = -1;
  }
  highlight();
  while (playing && frameIndex < frames().length - 1) {
    frameIndex++;
    showReplay(true);
    await sleep(1400 / speed);
  }
  playing = false;
  highlight();
}

function goLive(): void {
  pause();
  mode = 'live';
  frameIndex = -1;
  if (snap) renderFrame(liveFrame(snap), true);
  highlight();
}

/** New steps since the last snapshot are played one by one, then the live state. */
async function animateNew(s: AnatomySnapshot, fresh: TimelineStep[]): Promise<void> {
  const fs = framesOf(s.timeline, s.anatomy.containers);
  for (const st of fresh) {
    const i = s.timeline.indexOf(st);
    if (i < 0 || mode !== 'live' || snap !== s) break;
    renderFrame(fs[i], true);
    announce.textContent = `${clock(st.at)}: ${st.label}${st.kind === 'container-exited' && s.anatomy.sandbox.podIP ? `; the sandbox keeps IP ${s.anatomy.sandbox.podIP}` : ''}`;
    await sleep(900 / speed);
  }
  if (mode === 'live' && snap === s) renderFrame(liveFrame(s), true);
}

window.addEventListener('message', ev => {
  const m: unknown = ev.data;
  if (!isHostMessage(m)) return;
  if (m.type === 'gone' || m.type === 'status') {
    notice.hidden = false;
    notice.className = `notice ${m.type === 'gone' ? 'gone' : m.severity}`;
    notice.textContent = m.message;
    app.classList.toggle('is-gone', m.type === 'gone');
    return;
  }
  const first = !snap;
  snap = m.snapshot;
  notice.hidden = true;
  app.classList.remove('is-gone');
  clockOffset = snap.now - Date.now();
  const a = snap.anatomy;
  vscode.setState({ context: snap.context, namespace: a.namespace, name: a.name, uid: a.uid });
  renderStatic(snap);
  renderTimeline(snap);
  const fresh = snap.timeline.filter(st => !seenSteps.has(stepKey(st)));
  seenSteps = new Set(snap.timeline.map(stepKey));
  if (mode === 'replay') {
    showReplay(false);
    return;
  }
  if (first || !fresh.length || reducedMotion()) {
    renderFrame(liveFrame(snap), !first);
    return;
  }
  const s = snap;
  animating = animating.then(() => animateNew(s, fresh));
});

document.addEventListener('keydown', e => {
  if ((e.target as HTMLElement).tagName === 'SELECT') return;
  if (e.key === 'ArrowLeft') step(-1);
  else if (e.key === 'ArrowRight') step(1);
  else if (e.key === 'l' || e.key === 'L') goLive();
});

document.addEventListener('securitypolicyviolation', e =>
  send({ type: 'csp', directive: e.violatedDirective, blocked: String(e.blockedURI).slice(0, 200) }),
);

send({ type: 'ready' });
