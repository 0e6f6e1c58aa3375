// `node dist/bench/timeline.js`: the anatomy page with a 1,000-instance history, in headless
// Chromium (the real bundle, a stub VS Code API): the whole page's work for one snapshot message
// (the handler, the chart's frame, the browser's style and layout), and the pure layout alone in
// Node. BENCH_PROFILE=1 also prints where the time goes. A benchmark, not a test: it never asserts.
import * as fs from 'fs';
import * as path from 'path';
import type { InstanceRecord, PodHistory, SandboxGeneration } from '../src/model/history';
import { PodStore } from '../src/model/store';
import { KNode, KPod, uidOf } from '../src/model/k8s';
import { fitWindow } from '../src/webview/layout/scale';
import { layoutTimeline, timesOf } from '../src/webview/layout/timelineLayout';
import { buildSnapshot } from '../src/webview/snapshot';

const ROOT = path.resolve(__dirname, '../..');
const N = Number(process.env.BENCH_INSTANCES ?? 1000);

function recorded(name: string): unknown[] {
  const f = path.join(ROOT, 'test/fixtures/recorded', `${name}.jsonl`);
  return fs
    .readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => (JSON.parse(l) as { object: unknown }).object);
}

/** A recorded pod with two containers, and a made-up history of N instances over 5 generations. */
function snapshot() {
  const store = new PodStore();
  for (const n of recorded('nodes')) store.setNode(n as KNode);
  let uid = '';
  for (const o of recorded('demo-with-sidecar'))
    if ((o as KPod).kind !== 'Event' && (o as KPod).metadata?.uid) {
      store.upsertPod(o as KPod);
      uid = uidOf(o as KPod);
    }
  const a = store.anatomy(uid)!;
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const names = a.containers.map(c => c.name);
  const generations: SandboxGeneration[] = [0, 1, 2, 3, 4].map(g => ({
    generation: g + 1,
    podIP: `10.244.0.${10 + g}`,
    since: new Date(t0 + g * (N / 5) * 20_000).toISOString(),
    cause: g ? 'SandboxChanged' : 'initial',
    evidence: 'bench',
  }));
  const instances: InstanceRecord[] = [];
  for (let k = 0; k < N; k++) {
    const c = a.containers[k % names.length];
    const start = t0 + Math.floor(k / names.length) * 20_000 * names.length;
    instances.push({
      container: c.name,
      kind: c.kind,
      ordinal: Math.floor(k / names.length) + 1,
      shortId: `id${k}`,
      startedAt: new Date(start).toISOString(),
      finishedAt: k >= N - names.length ? undefined : new Date(start + 12_000).toISOString(),
      exitCode: k >= N - names.length ? undefined : k % 7 ? 1 : 0,
      reason: 'Error',
      generation: 1 + Math.floor((k / N) * 5),
      source: 'observed',
    });
  }
  const h: PodHistory = { ...store.history(uid)!, instances, generations };
  const now = t0 + N * 20_000;
  return buildSnapshot('bench', a, h, false, now);
}

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** One snapshot's work in the page, by phase; waiting for a frame is not work and is left out. */
interface Phases {
  whole: number;
  receive: number;
  clone: number;
  chart: number;
  style: number;
}

/** `median [min-max]` of some timings, in ms. */
function spread(xs: number[]): string {
  const v = [...xs].sort((a, b) => a - b);
  return `${v[Math.floor(v.length / 2)].toFixed(1)} [${v[0].toFixed(1)}-${v[v.length - 1].toFixed(1)}]`;
}

/**
 * Posts one snapshot as the host would and times the page's work: the message handler (a listener
 * added after the page's runs right after it), the chart's frame (its own data-draw-ms), then the
 * browser's style and layout of everything written (one read after the frame).
 */
function wholePage(page: import('playwright-core').Page, snap: unknown): Promise<Phases> {
  return page.evaluate(
    async m => {
      const g = globalThis as unknown as Browser & {
        addEventListener(t: string, f: () => void, o: { once: boolean }): void;
        document: { documentElement: { getBoundingClientRect(): unknown }; querySelector(s: string): Attrs | null };
      };
      interface Attrs {
        getAttribute(n: string): string | null;
      }
      const frame = () => new Promise<number>(r => g.requestAnimationFrame(() => r(performance.now())));
      // The message's own cost: the structured clone postMessage makes of it (serialised and read back).
      const c0 = performance.now();
      (globalThis as unknown as { structuredClone(x: unknown): unknown }).structuredClone(m);
      const clone = performance.now() - c0;
      await frame();
      let received = 0;
      g.addEventListener('message', () => (received = performance.now()), { once: true });
      const t0 = performance.now();
      g.postMessage(m, '*');
      await new Promise(r => setTimeout(r, 0));
      await frame(); // the chart draws in this frame, before our callback
      const chart = Number(g.document.querySelector('svg.tl-svg')?.getAttribute('data-draw-ms') ?? 0);
      const t1 = performance.now();
      g.document.documentElement.getBoundingClientRect(); // style + layout of what was written
      const style = performance.now() - t1;
      const receive = received - t0;
      return { whole: receive + chart + style, receive, clone, chart, style };
    },
    { type: 'snapshot', snapshot: snap },
  );
}

/** The anatomy page with the real bundle and a stub VS Code API. */
async function openPage(browser: import('playwright-core').Browser): Promise<import('playwright-core').Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.setContent('<!DOCTYPE html><html><body><main id="app"></main></body></html>');
  await page.addStyleTag({ path: process.env.BENCH_CSS ?? path.join(ROOT, 'media/anatomy/anatomy.css') });
  await page.evaluate(() => {
    (globalThis as unknown as { acquireVsCodeApi: unknown }).acquireVsCodeApi = () => ({
      postMessage: () => {},
      setState: () => {},
      getState: () => undefined,
    });
  });
  // BENCH_BUNDLE (and BENCH_CSS): another build of the page (e.g. an earlier commit's), to compare before and after.
  await page.addScriptTag({ path: process.env.BENCH_BUNDLE ?? path.join(ROOT, 'dist/webview/anatomy.js') });
  return page;
}

/** The page's globals the benchmark uses (the bench is compiled without the DOM types). */
interface Browser {
  requestAnimationFrame(f: () => void): void;
  postMessage(m: unknown, origin: string): void;
}

async function main(): Promise<void> {
  const s = snapshot();
  const times = timesOf(s);
  const input = {
    containers: s.anatomy.containers,
    instances: s.instances,
    generations: s.generations,
    current: s.current,
    causes: s.causes,
    now: s.now,
    window: fitWindow(times, s.now),
    width: 1200,
  };
  const laps: number[] = [];
  for (let k = 0; k < 20; k++) {
    const t = performance.now();
    layoutTimeline(input);
    laps.push(performance.now() - t);
  }
  laps.sort((x, y) => x - y);
  console.log(
    `layout, ${s.instances.length} instances: median ${laps[10].toFixed(2)} ms, max ${laps[19].toFixed(2)} ms`,
  );

  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  // Opening the panel: a fresh page each time, its first snapshot (every card and row is new).
  const opens: Phases[] = [];
  for (let k = 0; k < Math.min(RUNS, 9); k++) {
    const fresh = await openPage(browser);
    opens.push(await wholePage(fresh, s));
    await fresh.close();
  }
  if (process.env.BENCH_PROFILE) {
    const p = await openPage(browser);
    await profile(p, s, 1, 'opening the panel');
    await p.close();
  }
  const page = await openPage(browser);
  await wholePage(page, s);
  const runs: Phases[] = [];
  for (let k = 0; k < RUNS; k++) runs.push(await wholePage(page, { ...s, now: s.now + k + 1 }));
  if (process.env.BENCH_PROFILE) await profile(page, s);
  const bars = await page.locator('svg.tl-svg .bar').count();
  const fit = await page.locator('button', { hasText: 'Fit' }).first();
  await fit.click();
  await page.waitForTimeout(100);
  const afterFit = await page.locator('svg.tl-svg .bar').count();
  // Every bar on screen: the window stays fitted while snapshots come in.
  const fitted: Phases[] = [];
  for (let k = 0; k < RUNS; k++) fitted.push(await wholePage(page, { ...s, now: s.now + 100 + k }));
  if (process.env.BENCH_PROFILE) await profile(page, s);
  const forced = await forcedLayouts(page, s);
  const control = await controlForcedLayout(page);
  await browser.close();
  console.log(
    `whole page, snapshot message -> chart drawn and laid out, ${s.instances.length} instances ` +
      `(median [min-max] ms; handling = clone + diagram + step list, chart = layout + SVG in its frame, ` +
      `style = the browser's style and layout of what was written):`,
  );
  const show = (what: string, rs: Phases[]) => {
    const p = (f: (r: Phases) => number) => spread(rs.map(f));
    console.log(
      `  ${what.padEnd(44)} whole ${p(r => r.whole)} · handling ${p(r => r.receive)} ` +
        `(of which the message clone ${p(r => r.clone)}) · ` +
        `chart ${p(r => r.chart)} · style ${p(r => r.style)}`,
    );
  };
  show(`opening the panel (${bars} bars in its window)`, opens);
  show(`a new snapshot (${bars} bars)`, runs);
  show(`a new snapshot after Fit (${afterFit} bars)`, fitted);
  console.log(
    `forced synchronous layouts while a new snapshot arrives and animates: ${forced} ` +
      `(control, one deliberate forced layout: ${control})`,
  );
}

/**
 * Forced synchronous layouts (a layout with a JavaScript stack) while a new instance arrives and
 * animates: the trace's Layout events that carry a stackTrace. Frames should force none.
 */
async function forcedLayouts(page: import('playwright-core').Page, s: ReturnType<typeof snapshot>): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const events: { name: string; args?: { beginData?: { stackTrace?: unknown } } }[] = [];
  cdp.on('Tracing.dataCollected', e => events.push(...(e.value as unknown as typeof events)));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline.stack' });
  // The next snapshot: the last running instance of each container exits and a new one starts.
  const last = s.instances.slice(-2).map(i => ({ ...i, finishedAt: new Date(s.now).toISOString(), exitCode: 1 }));
  const next = last.map(i => ({
    ...i,
    ordinal: i.ordinal + 1,
    shortId: `n${i.shortId}`,
    startedAt: new Date(s.now + 2000).toISOString(),
    finishedAt: undefined,
    exitCode: undefined,
  }));
  const later = { ...s, now: s.now + 3000, instances: [...s.instances.slice(0, -2), ...last, ...next] };
  later.timeline = [...s.timeline];
  await page.evaluate(m => (globalThis as unknown as Browser).postMessage(m, '*'), {
    type: 'snapshot',
    snapshot: later,
  });
  await page.waitForTimeout(2500);
  const done = new Promise(r => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  return events.filter(e => e.name === 'Layout' && e.args?.beginData?.stackTrace).length;
}

/**
 * BENCH_PROFILE=1: where a snapshot's time goes in the page. A CPU profile of 5 snapshots, self time
 * per function (top 15), and the trace's rendering work (style, layout, paint) beside the script.
 */
async function profile(
  page: import('playwright-core').Page,
  s: ReturnType<typeof snapshot>,
  n = 5,
  what = 'new snapshots',
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const events: { name: string; dur?: number; ph: string }[] = [];
  cdp.on('Tracing.dataCollected', e => events.push(...(e.value as unknown as typeof events)));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline' });
  await cdp.send('Profiler.start');
  for (let k = 0; k < n; k++) {
    await page.evaluate(
      async m => {
        const g = globalThis as unknown as Browser;
        g.postMessage(m, '*');
        await new Promise(r => setTimeout(r, 0));
        await new Promise(r => g.requestAnimationFrame(() => r(0)));
        await new Promise(r => g.requestAnimationFrame(() => r(0)));
      },
      { type: 'snapshot', snapshot: { ...s, now: s.now + 100 + k } },
    );
  }
  const { profile: p } = await cdp.send('Profiler.stop');
  const done = new Promise(r => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  const self = new Map<string, number>();
  const dt = p.timeDeltas ?? [];
  const byId = new Map(p.nodes.map(n => [n.id, n]));
  (p.samples ?? []).forEach((id, k) => {
    const n = byId.get(id)!;
    const f = n.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${path.basename(f.url)}:${f.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (dt[k] ?? 0) / 1000);
  });
  console.log(`profile, ${what} (${n}), self time (ms):`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${ms.toFixed(1).padStart(7)}  ${name}`);
  const sum = (names: string[]) =>
    events.filter(e => e.ph === 'X' && names.includes(e.name)).reduce((t, e) => t + (e.dur ?? 0) / 1000, 0);
  console.log(
    `trace, ${what} (${n}): style ${sum(['UpdateLayoutTree', 'RecalculateStyles']).toFixed(1)} ms, ` +
      `layout ${sum(['Layout']).toFixed(1)} ms, paint ${sum(['Paint', 'PrePaint']).toFixed(1)} ms, ` +
      `script ${sum(['FunctionCall', 'EvaluateScript', 'FireAnimationFrame', 'EventDispatch']).toFixed(1)} ms`,
  );
}

/** The detector's control: one deliberate write-then-read must count as a forced layout. */
async function controlForcedLayout(page: import('playwright-core').Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const events: { name: string; args?: { beginData?: { stackTrace?: unknown } } }[] = [];
  cdp.on('Tracing.dataCollected', e => events.push(...(e.value as unknown as typeof events)));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline.stack' });
  await page.evaluate(() => {
    const d = (
      globalThis as unknown as {
        document: { body: { append(n: unknown): void; offsetWidth: number }; createElement(t: string): unknown };
      }
    ).document;
    d.body.append(d.createElement('div'));
    return d.body.offsetWidth;
  });
  const done = new Promise(r => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  return events.filter(e => e.name === 'Layout' && e.args?.beginData?.stackTrace).length;
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
