// The timeline chart (SVG): a band per sandbox generation, a lane per container, a bar per
// instance, back-off gaps and markers. Positions come from the pure layout
// (src/webview/layout); this file only draws them and turns input into a new time window.
import { clock, duration, fullText, oneLine } from '../../src/model/format';
import { lastTerminationOrdinal } from '../../src/model/lastState';
import {
  Bar,
  Gap,
  LayoutInput,
  TimelineLayout,
  layoutTimeline,
  timesOf,
} from '../../src/webview/layout/timelineLayout';
import { TimeWindow, fitWindow, lastWindow, pan, timeAt, zoom } from '../../src/webview/layout/scale';
import type { AnatomySnapshot } from '../../src/webview/protocol';
import { button, el, setText, svgEl } from './dom';
import { chart } from './page';
import { keptLogsBox, showKeptLogs } from './keptLogs';
import { KeyedGroup } from './keyed';
import { now, state } from './state';

const FIVE_MIN = 5 * 60_000;
const view = {
  window: undefined as TimeWindow | undefined,
  /** Follow now: the window slides with the clock (live mode). */
  follow: true,
  width: 600,
  cursor: undefined as number | undefined,
  layout: undefined as TimelineLayout | undefined,
  selected: undefined as string | undefined,
  queued: false,
};
let onPickTime: (t: number) => void = () => {};
let onAction: (action: 'logs' | 'previousLogs', container: string) => void = () => {};

// ---- skeleton --------------------------------------------------------------------------------
const bar = el('div', 'chart-bar');
bar.setAttribute('role', 'toolbar');
bar.setAttribute('aria-label', 'Timeline view');
const zoomIn = button('+', 'Zoom in (+)', () => setWindow(zoom(win(), 0.5), false), 'btn small');
const zoomOut = button('−', 'Zoom out (−)', () => setWindow(zoom(win(), 2), false), 'btn small');
const fitBtn = button('Fit', 'Fit the whole history (F)', () => fit(), 'btn small');
const lastBtn = button('Last 5 min', 'Show the last 5 minutes (5)', () => last5(), 'btn small');
const followBtn = button('Follow now', 'Follow now: the view slides with the clock', () => follow(), 'btn small');
const info = el('div', 'chart-info');
info.setAttribute('aria-hidden', 'true');
bar.append(zoomIn, zoomOut, fitBtn, lastBtn, followBtn, info);
const scroll = el('div', 'chart-scroll');
const svg = svgEl('svg', { class: 'tl-svg', role: 'group', tabindex: 0 });
svg.setAttribute(
  'aria-label',
  'Timeline chart. Plus and minus zoom, left and right arrows pan, F fits, 5 shows the last 5 minutes; Tab reaches each instance, Enter opens its details.',
);
scroll.append(svg);
// The chart's layers, in paint order; made once. Bars and gaps (one per instance) are drawn keyed.
const layer = (cls: string) => svgEl('g', { class: cls });
const [bandsG, axisG, lanesG, gapsG, barsG, marksG, overlayG] = [
  'bands',
  'axis',
  'lanes',
  'gaps',
  'bars',
  'markers',
  'overlay',
].map(layer);
svg.append(bandsG, axisG, lanesG, gapsG, barsG, marksG, overlayG);
const details = el('aside', 'details');
details.hidden = true;
details.setAttribute('aria-label', 'Instance details');
// Redrawn with the chart; the kept logs below it keep their own DOM (and scroll) per instance.
const detailsMain = el('div', 'details-main');
details.append(detailsMain, keptLogsBox);
const chartBody = el('div', 'chart-body');
chartBody.append(scroll, details);
chart.append(bar, chartBody);

new ResizeObserver(es => {
  const w = Math.floor(es[0].contentRect.width);
  if (w > 0 && w !== view.width) {
    view.width = w;
    redraw();
  }
}).observe(scroll);

// ---- window ----------------------------------------------------------------------------------
function win(): TimeWindow {
  return view.window ?? lastWindow(now(), FIVE_MIN);
}
function setWindow(w: TimeWindow, keepFollowing: boolean): void {
  view.window = w;
  view.follow = keepFollowing;
  redraw();
}
function fit(): void {
  const s = state.snap;
  if (s) setWindow(fitWindow(timesOf(s), now()), false);
}
function last5(): void {
  setWindow(lastWindow(now(), FIVE_MIN), false);
}
function follow(): void {
  const w = win();
  const span = w.to - w.from;
  setWindow({ from: now() - span * 0.96, to: now() + span * 0.04 }, true);
}

/** Draws on the next frame, once however many changes came in. */
export function redraw(): void {
  if (view.queued) return;
  view.queued = true;
  requestAnimationFrame(() => {
    view.queued = false;
    draw();
  });
}

function input(s: AnatomySnapshot): LayoutInput {
  const backoffs: Record<string, string | undefined> = {};
  for (const c of s.anatomy.containers) if (c.backoff) backoffs[c.name] = c.backoff.nextStartAt;
  return {
    containers: s.anatomy.containers,
    instances: s.instances,
    generations: s.generations,
    current: s.current,
    causes: s.causes,
    backoffs,
    now: now(),
    window: win(),
    width: view.width,
  };
}

// ---- drawing (writes only; no layout reads) -------------------------------------------------
function text(x: number, y: number, t: string, cls: string): SVGTextElement {
  const e = svgEl('text', { x, y, class: cls });
  e.textContent = t; // cluster strings: text nodes only
  return e;
}

export function draw(): void {
  const s = state.snap;
  if (!s) return;
  if (view.follow) {
    const w = win();
    const span = w.to - w.from;
    view.window = { from: now() - span * 0.96, to: now() + span * 0.04 };
  }
  const t0 = performance.now();
  const L = layoutTimeline(input(s));
  view.layout = L;
  followBtn.setAttribute('aria-pressed', String(view.follow));
  svg.setAttribute('width', String(L.width));
  svg.setAttribute('height', String(L.height));
  svg.setAttribute('viewBox', `0 0 ${L.width} ${L.height}`);
  const { x0, x1, top, bottom } = L.plot;
  const axis: SVGElement[] = [];
  for (const t of L.ticks) {
    axis.push(svgEl('line', { x1: t.x, x2: t.x, y1: 16, y2: bottom, class: 'tick' }));
    if (t.x + 56 <= L.width) axis.push(text(t.x + 3, 12, t.label, 'tick-label'));
  }
  const bands: SVGElement[] = [];
  for (const b of L.bands) {
    const g = svgEl('g', { class: `band${b.current ? ' band-current' : ''}${b.generation % 2 ? ' band-odd' : ''}` });
    g.append(svgEl('rect', { x: b.x, y: 20, width: b.w, height: bottom - 20, class: 'band-bg' }));
    g.append(svgEl('rect', { x: b.x, y: 20, width: b.w, height: 18, class: 'band-head' }));
    g.append(svgEl('line', { x1: b.x, x2: b.x, y1: 20, y2: bottom, class: 'band-edge' }));
    const label = text(b.x + 4, 33, b.label, 'band-label');
    label.setAttribute('data-generation', String(b.generation));
    if (b.w > b.label.length * 6.6 + 8) g.append(label);
    const title = svgEl('title');
    title.textContent = b.label;
    g.append(title);
    bands.push(g);
  }
  const lanes: SVGElement[] = [];
  for (const gr of L.groups) lanes.push(text(4, gr.y + 13, gr.label, 'group-label'));
  for (const l of L.lanes) {
    lanes.push(svgEl('line', { x1: x0, x2: x1, y1: l.y + l.h / 2, y2: l.y + l.h / 2, class: 'lane-line' }));
    const name = text(10, l.y + l.h / 2 + 4, oneLine(l.container, 24), `lane-label${l.inSpec ? '' : ' lane-gone'}`);
    name.setAttribute('data-container', l.container);
    if (l.untimed) {
      const t = svgEl('title');
      t.textContent = `${l.container}: ${l.untimed} earlier instance(s) known without start or end time, not drawn`;
      name.append(t);
      const more = svgEl('tspan', { class: 'lane-untimed' });
      more.textContent = ` +${l.untimed}`;
      name.append(more);
    }
    lanes.push(name);
  }
  gaps.draw(L.gaps);
  bars.draw(L.bars);
  const marks: SVGElement[] = [];
  for (const m of L.markers) {
    const g = svgEl('g', { class: `marker marker-${m.kind}` });
    g.append(svgEl('line', { x1: m.x, x2: m.x, y1: top - 4, y2: bottom, class: 'marker-line' }));
    g.append(svgEl('path', { d: `M${m.x - 5} ${top - 10}h10l-5 7z`, class: 'marker-head' }));
    const title = svgEl('title');
    title.textContent = m.label;
    g.append(title);
    marks.push(g);
  }
  const overlay: SVGElement[] = [];
  if (L.nowX !== undefined) overlay.push(svgEl('line', { x1: L.nowX, x2: L.nowX, y1: 16, y2: bottom, class: 'now' }));
  const cur = view.cursor;
  if (cur !== undefined && state.mode === 'replay') {
    const w = win();
    const cx = x0 + ((cur - w.from) / (w.to - w.from)) * (x1 - x0);
    if (cx >= x0 && cx <= x1) overlay.push(svgEl('line', { x1: cx, x2: cx, y1: 16, y2: bottom, class: 'cursor' }));
  }
  // Redrawing replaces the bars: keep keyboard focus on the same instance.
  const focused = (document.activeElement as Element | null)?.getAttribute?.('data-key');
  bandsG.replaceChildren(...bands);
  axisG.replaceChildren(...axis);
  lanesG.replaceChildren(...lanes);
  marksG.replaceChildren(...marks);
  overlayG.replaceChildren(...overlay);
  if (focused && document.activeElement?.getAttribute?.('data-key') !== focused)
    (svg.querySelector(`[data-key="${CSS.escape(focused)}"]`) as SVGGElement | null)?.focus({ preventScroll: true });
  if (view.selected)
    showDetails(
      L.bars.find(b => b.key === view.selected),
      false,
    );
  // Layout + drawing time of this frame, read by the benchmark (bench/timeline.ts).
  svg.setAttribute('data-draw-ms', (performance.now() - t0).toFixed(1));
}

function drawGap(g: Gap): SVGElement {
  const e = svgEl('line', { x1: g.x, x2: g.x + g.w, y1: g.y, y2: g.y, class: `gap${g.pending ? ' gap-pending' : ''}` });
  const title = svgEl('title');
  title.textContent = g.label;
  e.append(title);
  return e;
}
const r1 = (n: number) => Math.round(n * 10) / 10;
const gaps = new KeyedGroup<Gap>(
  gapsG,
  g => `${g.container}|${r1(g.x)}`,
  g => `${r1(g.w)}|${r1(g.y)}|${g.pending ? 1 : 0}|${g.label}`,
  drawGap,
);
const bars = new KeyedGroup<Bar>(
  barsG,
  b => b.key,
  b => [b.x, b.y, b.w, b.h, b.outcome, b.kind, b.openEnd, b.key === view.selected, b.labelFits, b.label].join('|'),
  drawBar,
);

function drawBar(b: Bar): SVGGElement {
  const cls = ['bar', `outcome-${b.outcome}`, `kind-${b.kind}`];
  if (b.openEnd) cls.push('open-end');
  if (b.key === view.selected) cls.push('selected');
  const g = svgEl('g', { class: cls.join(' '), tabindex: 0, role: 'button', 'data-key': b.key });
  g.setAttribute('aria-label', `${b.container} ${b.label}`);
  g.append(svgEl('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 2, class: 'bar-rect' }));
  if (b.labelFits) g.append(text(b.x + 4, b.y + b.h / 2 + 4, b.label, 'bar-label'));
  return g;
}

// ---- details ---------------------------------------------------------------------------------
function describe(b: Bar): [string, string][] {
  const s = state.snap!;
  const i = b.record;
  const gen = s.generations.find(g => g.generation === i.generation);
  const rows: [string, string][] = [
    ['Container', `${i.container} (${i.kind})`],
    ['Instance', `#${i.ordinal}${i.shortId ? ` · ${i.shortId}` : ''}`],
    ['Sandbox', `generation ${i.generation}${gen?.podIP ? ` · IP ${gen.podIP}` : ''}`],
    ['Started', i.startedAt ? `${clock(i.startedAt)} (${i.startedAt})` : 'not seen'],
  ];
  if (b.outcome === 'running') rows.push(['Ended', 'still running']);
  else
    rows.push(['Ended', i.finishedAt ? `${clock(i.finishedAt)} (${i.finishedAt})` : 'not seen: we do not know when']);
  if (b.startMs !== undefined && (b.endMs !== undefined || b.outcome === 'running'))
    rows.push(['Ran for', duration((b.endMs ?? now()) - b.startMs)]);
  if (i.exitCode !== undefined)
    rows.push([
      'Exit',
      `${i.exitCode}${i.signal ? ` (signal ${i.signal})` : ''}${i.reason ? ` · ${oneLine(i.reason, 80)}` : ''}`,
    ]);
  if (i.exitCode !== undefined && s.explain.exits[i.exitCode]) rows.push(['Means', s.explain.exits[i.exitCode]]);
  const cause = s.causes[b.key];
  rows.push(['Cause', cause ? cause.text : 'not classified']);
  if (cause?.evidence) rows.push(['Evidence', cause.evidence]);
  rows.push([
    'Seen',
    i.source === 'observed'
      ? 'live, by watching the pod'
      : "recovered afterwards from the kubelet's previous-instance status (lastState)",
  ]);
  if (i.message) rows.push(['Message', fullText(i.message)]);
  return rows;
}

function showDetails(b: Bar | undefined, focus: boolean): void {
  if (!b) {
    details.hidden = true;
    view.selected = undefined;
    showKeptLogs(undefined, false);
    return;
  }
  view.selected = b.key;
  const head = el('div', 'details-head');
  head.append(el('h3', undefined, `${b.container} #${b.ordinal}`));
  head.append(
    button(
      '×',
      'Close the details',
      () => {
        showDetails(undefined, false);
        redraw();
      },
      'btn small',
    ),
  );
  const dl = el('dl', 'details-list');
  for (const [k, v] of describe(b)) dl.append(el('dt', undefined, k), el('dd', undefined, v));
  const acts = el('div', 'details-actions');
  const c = state.snap?.anatomy.containers.find(x => x.name === b.container);
  if (c && b.outcome === 'running')
    acts.append(button('Logs', `Show logs of ${b.container}`, () => onAction('logs', b.container), 'btn small'));
  // previous=true reads the instance lastState names: in back-off that is #(restartCount + 1).
  if (c && c.lastTermination && b.ordinal === lastTerminationOrdinal(c))
    acts.append(
      button(
        'Previous logs',
        `Show the logs of ${b.container} #${b.ordinal}`,
        () => onAction('previousLogs', b.container),
        'btn small',
      ),
    );
  detailsMain.replaceChildren(head, dl, acts);
  showKeptLogs(b.record, b.outcome === 'running', state.snap?.keptLogs);
  details.hidden = false;
  if (focus) details.querySelector('button')?.focus();
}

function barOf(e: Event): Bar | undefined {
  const g = (e.target as Element).closest?.('[data-key]');
  const key = g?.getAttribute('data-key');
  return key ? view.layout?.bars.find(b => b.key === key) : undefined;
}

// ---- input -----------------------------------------------------------------------------------
svg.addEventListener('pointerover', e => {
  const b = barOf(e);
  setText(info, b ? `${b.container} ${b.label}` : '');
});
svg.addEventListener('focusin', e => {
  const b = barOf(e);
  setText(info, b ? `${b.container} ${b.label}` : '');
});
// The bar under the press is taken at pointerdown: with the pointer captured, pointerup targets the svg.
let drag: { x: number; w: TimeWindow; moved: boolean; bar?: Bar } | undefined;
svg.addEventListener('pointerdown', e => {
  if (e.button !== 0) return;
  drag = { x: e.clientX, w: win(), moved: false, bar: barOf(e) };
  svg.setPointerCapture(e.pointerId);
});
svg.addEventListener('pointermove', e => {
  if (!drag || !view.layout) return;
  const dx = e.clientX - drag.x;
  if (Math.abs(dx) > 3) drag.moved = true;
  if (!drag.moved) return;
  const { x0, x1 } = view.layout.plot;
  const dt = (-dx / (x1 - x0)) * (drag.w.to - drag.w.from);
  view.window = pan(drag.w, dt);
  view.follow = false;
  redraw();
});
svg.addEventListener('pointerup', e => {
  const d = drag;
  drag = undefined;
  if (!d || d.moved || !view.layout) return;
  const b = d.bar;
  if (b) {
    showDetails(b, false);
    redraw();
    return;
  }
  // A click on the chart's background: the diagram shows that moment.
  const { x0, x1 } = view.layout.plot;
  if (e.offsetX >= x0 && e.offsetX <= x1) onPickTime(timeAt(win(), x0, x1, e.offsetX));
});
svg.addEventListener(
  'wheel',
  e => {
    if (!view.layout) return;
    e.preventDefault();
    const { x0, x1 } = view.layout.plot;
    const w = win();
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const d = e.shiftKey ? e.deltaY : e.deltaX;
      setWindow(pan(w, (d / (x1 - x0)) * (w.to - w.from)), false);
    } else setWindow(zoom(w, e.deltaY > 0 ? 1.25 : 0.8, timeAt(w, x0, x1, e.offsetX)), false);
  },
  { passive: false },
);
svg.addEventListener('keydown', e => {
  const w = win();
  const span = w.to - w.from;
  const b = barOf(e);
  if ((e.key === 'Enter' || e.key === ' ') && b) {
    showDetails(b, true);
    redraw();
  } else if (e.key === '+' || e.key === '=') setWindow(zoom(w, 0.5), false);
  else if (e.key === '-' || e.key === '_') setWindow(zoom(w, 2), false);
  else if (e.key === 'ArrowLeft') setWindow(pan(w, -span * 0.2), false);
  else if (e.key === 'ArrowRight') setWindow(pan(w, span * 0.2), false);
  else if (e.key === 'f' || e.key === 'F') fit();
  else if (e.key === '5') last5();
  else if (e.key === 'Escape') showDetails(undefined, false);
  else return;
  e.preventDefault();
});

// ---- hooks from the rest of the page ---------------------------------------------------------
export function initTimeline(
  pickTime: (t: number) => void,
  act: (a: 'logs' | 'previousLogs', c: string) => void,
): void {
  onPickTime = pickTime;
  onAction = act;
  // Live: the running bars grow and the window follows the clock.
  setInterval(() => {
    if (state.snap && (view.follow || state.snap.instances.some(i => !i.finishedAt))) redraw();
  }, 1000);
}

/** The replay's position (undefined when live): the cursor, kept inside the window. */
export function setCursor(at: string | undefined): void {
  const t = at ? Date.parse(at) : undefined;
  view.cursor = Number.isFinite(t) ? t : undefined;
  if (view.cursor !== undefined) {
    view.follow = false;
    const w = win();
    if (view.cursor < w.from || view.cursor > w.to) view.window = pan(w, view.cursor - (w.from + w.to) / 2);
  } else if (state.mode === 'live') view.follow = true;
  redraw();
}

/** A new snapshot: the first one opens on the whole history, at most the last five minutes. */
export function snapshotArrived(): void {
  const s = state.snap;
  if (!s) return;
  if (!view.window) {
    const f = fitWindow(timesOf(s), now());
    view.window = f.to - f.from > FIVE_MIN ? lastWindow(now(), FIVE_MIN) : f;
    view.follow = true;
  }
  redraw();
}
