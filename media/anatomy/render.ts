// The diagram: the pause sandbox (the pod's network namespace) holding one card per container,
// grouped init -> sidecars -> app -> ephemeral. Draws a frame; decides nothing about the pod.
import type { ContainerKind } from '../../src/model/anatomy';
import { cardMessage, cardWhy, countdownText } from '../../src/model/cardText';
import { clock, oneLine, shortId } from '../../src/model/format';
import { describeLogInstance, previousLogInstance } from '../../src/model/logHeader';
import type { Frame, FrameContainer } from '../../src/model/timeline';
import type { AnatomySnapshot, PodAction } from '../../src/webview/protocol';
import { button, el, flash, reducedMotion, setText, svgEl } from './dom';
import { requestAction } from './host';
import {
  announce,
  groups,
  ipBadge,
  notice,
  podActions,
  sandbox,
  sbFacts,
  sbGen,
  sbShared,
  subtitle,
  title,
} from './page';
import { now, state } from './state';

const KIND_TITLE: Record<ContainerKind, string> = {
  init: 'init containers (in order)',
  sidecar: 'sidecars',
  app: 'app containers',
  ephemeral: 'ephemeral containers',
};
const KIND_ORDER: ContainerKind[] = ['init', 'sidecar', 'app', 'ephemeral'];

interface Card {
  root: HTMLElement;
  inst: HTMLElement;
  state: HTMLElement;
  /** The state line without the back-off countdown, which tick() appends. */
  base: string;
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
  const svg = svgEl('svg', { viewBox: '0 0 36 36', 'aria-hidden': 'true' });
  const bg = svgEl('circle', { cx: 18, cy: 18, r: 15.9, class: 'ring-bg' });
  const fg = svgEl('circle', { cx: 18, cy: 18, r: 15.9, class: 'ring-fg' });
  svg.append(bg, fg);
  box.append(svg);
  return { box, circle: fg };
}

function groupOf(kind: ContainerKind): HTMLElement {
  let g = groupEls.get(kind);
  if (g) return g;
  g = el('div', `group group-${kind}`);
  g.append(el('h2', 'group-title', KIND_TITLE[kind]), el('div', 'cards'));
  const after = KIND_ORDER.slice(KIND_ORDER.indexOf(kind) + 1)
    .map(k => groupEls.get(k))
    .find(Boolean);
  groups.insertBefore(g, after ?? null);
  groupEls.set(kind, g);
  return g;
}

function card(name: string, kind: ContainerKind): Card {
  let c = cards.get(name);
  if (c) return c;
  const root = el('article', `card kind-${kind}`);
  root.tabIndex = 0;
  const head = el('header', 'card-head');
  head.append(el('span', 'card-name', name), el('span', 'card-kind', kind));
  const inst = el('div', 'inst');
  const stateLine = el('div', 'state');
  const { box, circle } = ringSvg();
  box.hidden = true;
  const msg = el('div', 'msg');
  msg.hidden = true;
  // The message is cut to a few lines; a click (or Enter) shows it whole, in the page itself.
  const toggle = () => {
    if (!msg.classList.contains('cut')) return;
    const open = msg.getAttribute('aria-expanded') !== 'true';
    msg.setAttribute('aria-expanded', String(open));
    setText(msg, (open ? msg.dataset.full : msg.dataset.short) ?? '');
  };
  msg.addEventListener('click', toggle);
  msg.addEventListener('keydown', e => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      toggle();
    }
  });
  // The plug: the container's end of the shared network namespace (it has no IP of its own).
  const plug = el('div', 'plug', 'in the sandbox');
  const actions = el('div', 'card-actions');
  root.append(plug, head, inst, box, stateLine, msg, actions);
  groupOf(kind).querySelector('.cards')!.append(root);
  c = { root, inst, state: stateLine, base: '', msg, ring: circle, ringBox: box, actions };
  cards.set(name, c);
  return c;
}

function ipText(s: AnatomySnapshot, f: Frame): string {
  const sb = s.anatomy.sandbox;
  if (sb.hostNetwork) return `host network ${f.podIP ?? sb.hostIP ?? ''}`.trim();
  // A sandbox before the first one Pod X-Ray saw: its IP is not known, not absent.
  return f.podIP ? `IP ${f.podIP}` : f.ipUnknown ? 'IP unknown' : 'no IP yet';
}

function stateText(c: FrameContainer): string {
  switch (c.phase) {
    case 'running':
      return 'running';
    case 'exited':
      return `exit ${c.exitCode ?? '?'}${c.reason ? ` ${oneLine(c.reason, 60)}` : ''}`;
    case 'back-off':
      return `exit ${c.exitCode ?? '?'} · back-off`;
    default:
      return c.reason ? oneLine(c.reason, 60) : 'waiting';
  }
}

/** Draws one frame. `animate`: the changes since the last frame are shown as motion. */
export function renderFrame(f: Frame, animate: boolean): void {
  const s = state.snap;
  if (!s) return;
  // The IP badge is only touched when the IP really changes (its stillness is the lesson).
  const ip = ipText(s, f);
  if (ipBadge.textContent !== ip) {
    const had = ipBadge.textContent !== '';
    ipBadge.textContent = ip;
    if (had && animate) flash(ipBadge, 'ip-changed');
  }
  const genText = `generation ${s.generationsExact === false ? '≥ ' : ''}${f.generation}`;
  if (sbGen.textContent !== genText) {
    const had = sbGen.textContent !== '';
    sbGen.textContent = genText;
    // A recreated sandbox is replaced as a whole, containers and all.
    if (had && animate) flash(sandbox, 'replaced');
  }
  sandbox.dataset.state = s.anatomy.sandbox.state;
  sandbox.setAttribute('aria-label', `pause sandbox, ${genText}, ${ip}`);
  for (const c of f.containers) drawCard(s, c, animate);
  tick();
}

function drawCard(s: AnatomySnapshot, c: FrameContainer, animate: boolean): void {
  const k = card(c.name, c.kind);
  const prev = k.last;
  const instText = c.ordinal ? `#${c.ordinal} · ${shortId(c.shortId) ?? 'no id yet'}` : 'not started yet';
  const replaced = prev?.ordinal !== undefined && c.ordinal !== undefined && prev.ordinal !== c.ordinal;
  if (animate && replaced) leave(k);
  setText(k.inst, instText);
  if (animate && prev && prev.ordinal !== c.ordinal) flash(k.inst, 'arriving');
  k.root.classList.remove('phase-none', 'phase-running', 'phase-exited', 'phase-back-off', 'exit-ok', 'exit-error');
  k.root.classList.add(`phase-${c.phase}`);
  if (c.exitCode !== undefined) k.root.classList.add(c.exitCode === 0 ? 'exit-ok' : 'exit-error');
  const st = stateText(c);
  k.base = st;
  setText(k.state, st);
  k.state.title = c.exitCode !== undefined ? (s.explain.exits[c.exitCode] ?? '') : '';
  k.ringBox.hidden = c.phase !== 'back-off' || !c.backoffUntil;
  k.root.dataset.backoffUntil = c.backoffUntil ?? '';
  k.root.setAttribute('aria-label', `${c.kind} container ${c.name}, instance ${c.ordinal ?? 'none'}, ${st}`);
  k.last = { ...c };
}

/** The old instance turns to its exit colour, shows its exit and lifts off while the new one plugs in. */
function leave(k: Card): void {
  if (reducedMotion()) return;
  const ghost = el('div', 'ghost', `${k.inst.textContent ?? ''} · ${k.state.textContent ?? ''}`);
  if (k.root.classList.contains('exit-ok')) ghost.classList.add('ghost-ok');
  k.root.append(ghost);
  setTimeout(() => ghost.remove(), 1400);
}

/** Back-off rings and countdowns, every half second. */
export function tick(): void {
  const t = now();
  for (const k of cards.values()) {
    const until = Date.parse(k.root.dataset.backoffUntil ?? '');
    if (k.ringBox.hidden || !Number.isFinite(until)) continue;
    const secs = state.snap?.anatomy.containers.find(c => c.name === k.last?.name)?.backoff?.seconds ?? 10;
    const total = secs * 1000;
    const left = Math.max(0, until - t);
    k.ring.style.strokeDashoffset = String(100 - (100 * left) / total);
    k.ringBox.title =
      left > 0
        ? `back-off: next start in ${Math.ceil(left / 1000)} s (${clock(new Date(until).toISOString())})`
        : 'back-off over: the restart is due (the kubelet has not started it yet)';
    setText(k.state, countdownText(k.base, left));
  }
}

/** Runs an action through the host; the button is busy until the reply, and a failure is said. */
function actionButton(label: string, aria: string, action: PodAction, container?: string, cls = 'btn'): HTMLElement {
  const b = button(
    label,
    aria,
    () => {
      b.disabled = true;
      b.setAttribute('aria-busy', 'true');
      void requestAction(action, container).then(r => {
        b.disabled = false;
        b.removeAttribute('aria-busy');
        if (r.ok) return;
        notice.hidden = false;
        notice.className = 'notice error';
        notice.textContent = `${label.replace('…', '')} failed: ${oneLine(r.error, 300)}`;
        announce.textContent = notice.textContent;
      });
    },
    cls,
  );
  return b;
}

function sandboxFacts(s: AnatomySnapshot): string[] {
  const sb = s.anatomy.sandbox;
  const facts: string[] = [];
  if (sb.nodeName) facts.push(`node ${sb.nodeName}`);
  if (sb.runtime) facts.push(sb.runtime.replace('://', ' '));
  facts.push(sb.pauseImage.known ? `image ${sb.pauseImage.name}` : `pause image unknown (${sb.pauseImage.note})`);
  if (sb.runtimeClassName) facts.push(`runtime class ${sb.runtimeClassName}`);
  if (sb.shareProcessNamespace) facts.push('shared PID namespace: /pause is PID 1');
  return facts;
}

function renderShared(s: AnatomySnapshot): void {
  const a = s.anatomy;
  sbShared.textContent = '';
  const ports = a.containers.flatMap(c => c.ports.map(p => `${p.port}/${p.protocol} (${c.name})`));
  const net = el('div', 'shared-line shared-net');
  net.append(
    el('span', 'shared-k', a.sandbox.hostNetwork ? 'node network:' : 'localhost:'),
    el('span', 'shared-v', ports.length ? ports.join(', ') : 'no declared ports; every container shares one localhost'),
  );
  sbShared.append(net);
  for (const v of a.volumes) {
    const line = el('div', 'shared-line shared-vol');
    line.append(
      el('span', 'shared-k', `volume ${v.name}`),
      el('span', 'shared-v', `${v.type}${v.mountedBy.length ? ` · mounted by ${v.mountedBy.join(', ')}` : ''}`),
    );
    sbShared.append(line);
  }
}

function renderCardStatic(s: AnatomySnapshot, c: AnatomySnapshot['anatomy']['containers'][number]): void {
  const k = card(c.name, c.kind);
  const d = s.explain.containers[c.name];
  k.root.title = d ? [d.lead, ...d.facts.map(([x, y]) => `${x}: ${y}`)].join('\n') : '';
  k.inst.title = s.explain.concepts.instance ?? '';
  // Why the last instance ended, in its own words (termination message or waiting message): text only.
  const why = cardWhy(c);
  // Bidi and control characters are neutralised by the same rule as the tree (oneLine).
  const m = cardMessage(why, 120);
  k.msg.hidden = !m;
  const expanded = !!m?.cut && k.msg.getAttribute('aria-expanded') === 'true';
  k.msg.dataset.short = m?.short ?? '';
  k.msg.dataset.full = m?.full ?? '';
  setText(k.msg, (expanded ? m?.full : m?.short) ?? '');
  k.msg.classList.toggle('cut', !!m?.cut);
  if (m?.cut) {
    k.msg.tabIndex = 0;
    k.msg.setAttribute('role', 'button');
    k.msg.setAttribute('aria-expanded', String(expanded));
    k.msg.title = 'Click to show the whole message';
  } else {
    k.msg.removeAttribute('tabindex');
    k.msg.removeAttribute('role');
    k.msg.removeAttribute('aria-expanded');
    k.msg.title = '';
  }
  k.ringBox.title = s.explain.concepts.backoff ?? '';
  k.actions.textContent = '';
  const act = (label: string, action: PodAction, aria: string) =>
    k.actions.append(actionButton(label, aria, action, c.name, 'btn small'));
  act('Logs', 'logs', `Show logs of ${c.name}`);
  // Offered only when the kubelet has a previous instance (status lastState), named exactly.
  const prev = previousLogInstance(c);
  if (prev) act('Previous', 'previousLogs', `Show previous logs of ${c.name}: ${describeLogInstance(prev)}`);
  if (!s.readOnly && c.state === 'running' && c.kind !== 'ephemeral')
    act('Crash…', 'crash', `Crash container ${c.name} to watch it restart in the same sandbox`);
  if (!s.readOnly && c.state === 'running') act('Shell', 'shell', `Open a shell in ${c.name}`);
  if (!s.readOnly && c.state === 'running' && c.kind !== 'ephemeral')
    act('Debug…', 'debug', `Add an ephemeral debug container in the process namespace of ${c.name} (asks first)`);
}

/** What does not move with the replay: names, facts, shared things, cards and actions. */
export function renderStatic(s: AnatomySnapshot): void {
  const a = s.anatomy;
  setText(title, a.name);
  setText(subtitle, `${a.namespace} · ${s.context} · ${oneLine(a.status, 80)}`);
  sandbox.title = [s.explain.sandbox.lead, ...s.explain.sandbox.facts.map(([k, v]) => `${k}: ${v}`)].join('\n');
  ipBadge.title = s.explain.concepts[a.sandbox.hostNetwork ? 'host-network' : 'sandbox'] ?? '';
  sbGen.title = s.explain.concepts.generation ?? '';
  sbFacts.replaceChildren(...sandboxFacts(s).map(f => el('span', 'fact', f)));
  renderShared(s);
  // Cards exist for every current container; remove those gone from the spec.
  const names = new Set(a.containers.map(c => c.name));
  for (const [n, k] of cards)
    if (!names.has(n)) {
      k.root.remove();
      cards.delete(n);
    }
  for (const c of a.containers) renderCardStatic(s, c);
  // Many containers: smaller cards, so a pod of 100 still fits the panel's width in a few screens.
  groups.classList.toggle('compact', a.containers.length > 12);
  podActions.textContent = '';
  const pa = (label: string, action: PodAction, aria: string) => podActions.append(actionButton(label, aria, action));
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
