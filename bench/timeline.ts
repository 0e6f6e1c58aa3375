// `node dist/bench/timeline.js`: the anatomy page with a 1,000-instance history, in headless
// Chromium (the real bundle, a stub VS Code API): time from the snapshot message to the drawn
// chart, and the pure layout alone in Node. A benchmark, not a test: it prints, never asserts.
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
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.setContent('<!DOCTYPE html><html><body><main id="app"></main></body></html>');
  await page.addStyleTag({ path: path.join(ROOT, 'media/anatomy/anatomy.css') });
  await page.evaluate(() => {
    (globalThis as unknown as { acquireVsCodeApi: unknown }).acquireVsCodeApi = () => ({
      postMessage: () => {},
      setState: () => {},
      getState: () => undefined,
    });
  });
  await page.addScriptTag({ path: path.join(ROOT, 'dist/webview/anatomy.js') });
  const runs: { total: number; draw: number }[] = [];
  for (let k = 0; k < 7; k++) {
    const snap = { ...s, now: s.now + k };
    runs.push(
      await page.evaluate(
        async m => {
          const g = globalThis as unknown as Browser;
          const frame = () => new Promise<number>(r => g.requestAnimationFrame(() => r(performance.now())));
          const t0 = performance.now();
          g.postMessage(m, '*');
          await new Promise(r => setTimeout(r, 0));
          const beforeDraw = await frame();
          const afterDraw = await frame();
          return { total: performance.now() - t0 - (afterDraw - beforeDraw), draw: afterDraw - beforeDraw };
        },
        { type: 'snapshot', snapshot: snap },
      ),
    );
  }
  const bars = await page.locator('svg.tl-svg .bar').count();
  const fit = await page.locator('button', { hasText: 'Fit' }).first();
  await fit.click();
  await page.waitForTimeout(100);
  const afterFit = await page.locator('svg.tl-svg .bar').count();
  const draws: number[] = [];
  for (let k = 0; k < 9; k++) {
    await page
      .locator('button', { hasText: k % 2 ? 'Fit' : 'Last 5 min' })
      .first()
      .click();
    await page.waitForTimeout(50);
    if (k % 2) draws.push(Number(await page.locator('svg.tl-svg').getAttribute('data-draw-ms')));
  }
  draws.sort((x, y) => x - y);
  const forced = await forcedLayouts(page, s);
  const control = await controlForcedLayout(page);
  await browser.close();
  const totals = runs.map(r => r.total).sort((x, y) => x - y);
  console.log(
    `page, snapshot message -> chart drawn (frame wait excluded), ${s.instances.length} instances, ` +
      `${bars} bars in the opening window, ${afterFit} after Fit: median ${totals[3].toFixed(1)} ms, ` +
      `max ${totals[6].toFixed(1)} ms`,
  );
  console.log(
    `forced synchronous layouts while a new snapshot arrives and animates: ${forced} ` +
      `(control, one deliberate forced layout: ${control})`,
  );
  console.log(
    `chart with all ${afterFit} bars (Fit): layout + draw median ${draws[2].toFixed(1)} ms, max ${draws[3].toFixed(1)} ms`,
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
