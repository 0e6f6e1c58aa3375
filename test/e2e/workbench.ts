// The real workbench for the e2e suites: code-server (VS Code 1.139) in headless Chromium with Pod X-Ray
// installed, started once per suite in mocha hooks, a screenshot of every failed test, and the page
// helpers the steps read the UI with (tree rows, hovers, the quick input, the anatomy webview).
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { hasCluster } from '../shared/cluster';
import { sleep, waitFor } from '../shared/wait';

interface CodeServer {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}
/** scripts/vscode/launch.js (shared with the integration shim and `npm start`). */
interface Launch {
  startCodeServer(opts: Record<string, unknown>): Promise<CodeServer>;
  startBrowser(dataDir: string): Promise<BrowserContext>;
  keepLogs(dataDir: string, dest?: string): void;
}
const launch = require('../../scripts/vscode/launch') as Launch;

/** The repository: the suites run from their bundles in dist/test/e2e. */
export const ROOT = path.resolve(__dirname, '../../..');
export const SHOTS = process.env.POD_XRAY_SHOTS || path.join(ROOT, 'test-results/e2e');

/** The workbench page and its code-server, set by useWorkbench's before hook. */
export let page: Page;
export let cs: CodeServer;
/** Uncaught errors of the workbench page (the last step of each suite checks ours). */
export const pageErrors: string[] = [];
let ctx: BrowserContext | undefined;
let suite = 'e2e';
const t0 = Date.now();

export { sleep };
export const say = (m: string) => console.log(`[${suite} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
export const until = <T>(what: string, ms: number, f: () => T | false | undefined | Promise<T | false | undefined>) =>
  waitFor(what, ms, f, 200);

export interface WorkbenchOptions {
  /** The say() prefix and the folder of the kept logs (POD_XRAY_LOGS/<name>). */
  name: string;
  /** Put before the names of failure screenshots: FAILED-<prefix><test name>.png. */
  failedPrefix: string;
  /** The suite runs against the local cluster: skipped without one (outside npm test). */
  needsCluster?: boolean;
  /** startCodeServer's options (devExtension is this repository); called in the before hook. */
  codeServer: () => Record<string, unknown>;
  /** The folder the page opens (?folder=); none: the empty window. */
  folder?: () => string;
}

/** Start code-server and Chromium before the suite's tests, stop both after, screenshot every failure. */
export function useWorkbench(o: WorkbenchOptions): void {
  before(async function () {
    this.timeout(240_000);
    if (o.needsCluster && !hasCluster()) {
      console.log(`${o.name} needs the local cluster (run through npm test)`);
      this.skip();
    }
    suite = o.name;
    fs.mkdirSync(SHOTS, { recursive: true });
    cs = await launch.startCodeServer({ devExtension: ROOT, ...o.codeServer() });
    say(`code-server ${cs.url} (data ${cs.dataDir})`);
    ctx = await launch.startBrowser(cs.dataDir);
    page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('pageerror', e => pageErrors.push(String(e)));
    const folder = o.folder?.();
    await page.goto(folder ? `${cs.url}/?folder=${encodeURIComponent(folder)}` : cs.url);
  });
  afterEach(async function () {
    const t = this.currentTest;
    if (t?.state !== 'failed' || !page) return;
    const f = path.join(SHOTS, `FAILED-${o.failedPrefix}${t.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
    await page.screenshot({ path: f }).catch(() => {});
    console.log(`      screenshot: ${f}`);
  });
  after(async function () {
    this.timeout(60_000);
    await ctx?.close().catch(() => {});
    await cs?.stop();
    if (cs) launch.keepLogs(cs.dataDir, process.env.POD_XRAY_LOGS && path.join(process.env.POD_XRAY_LOGS, o.name));
  });
}

// ---- page helpers --------------------------------------------------------------------------------
export const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
export const rows = () => page.locator('.sidebar .monaco-list-row');
export const rowTexts = async () => (await rows().allInnerTexts()).map(oneLine);
export const row = (text: string) => rows().filter({ hasText: text }).first();
export async function rowText(label: string): Promise<string> {
  return oneLine(await row(label).innerText());
}
export const toastTexts = async () =>
  (await page.locator('.notifications-toasts .notification-toast').allInnerTexts()).map(s => s.replace(/\s+/g, ' '));
export const hovers = (): Locator => page.locator('.monaco-hover, .workbench-hover');

/** A tooltip left open by an earlier hover covers rows: close it before clicking. */
export async function closeHovers(): Promise<void> {
  await page.mouse.move(900, 700);
  if (
    await hovers()
      .first()
      .isVisible()
      .catch(() => false)
  )
    await page.keyboard.press('Escape');
}
/**
 * Hover target until a tooltip holding `text` shows, and read it with `read`. A row redraw (a pod's
 * status moving on, e.g. a crash loop's restart) closes an open hover: hover again, up to 3 times.
 */
export async function readHover<T>(target: Locator, text: string, read: (hover: Locator) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.mouse.move(900, 700);
      await target.hover();
      const hover = hovers().filter({ hasText: text }).first();
      await hover.waitFor({ timeout: 10_000 });
      return await read(hover);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}
export async function expand(label: string): Promise<void> {
  const r = row(label);
  await r.waitFor({ timeout: 30_000 });
  await closeHovers();
  if ((await r.getAttribute('aria-expanded')) === 'false') await r.click();
}

/** Wait until the command palette has given way to the command's own picker (empty input, visible). */
export async function nextPicker(): Promise<void> {
  const qi = page.locator('.quick-input-widget input');
  await until('the next picker', 20_000, async () => {
    const v = await qi.inputValue().catch(() => '>');
    return (
      !v.startsWith('>') &&
      (await page
        .locator('.quick-input-widget')
        .isVisible()
        .catch(() => false))
    );
  });
}

/** Run a command from the palette; with pick, type it into the command's picker and accept it. */
export async function palette(command: string, pick?: string): Promise<void> {
  const qi = page.locator('.quick-input-widget input');
  // F1 pressed while a webview has focus can open the palette and lose it again: try once more.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await qi.waitFor({ timeout: 10_000 });
      await qi.fill(`>${command}`, { timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
      await page.keyboard.press('Escape');
      await page
        .locator('.statusbar')
        .first()
        .click({ position: { x: 5, y: 5 } })
        .catch(() => {});
    }
  }
  const items = page.locator('.quick-input-list .monaco-list-row', { hasText: command });
  await items.first().waitFor({ timeout: 10_000 });
  // Click the row that is exactly this command (fuzzy matching also lists look-alikes).
  const texts = await items.allInnerTexts();
  const i = texts.findIndex(t => t.trim().split('\n')[0].trim() === command);
  await items.nth(Math.max(0, i)).click();
  if (!pick) return;
  await nextPicker();
  // The next quick pick may load first (pods are fetched); then filter by typing, then accept.
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 20_000 });
  await page.keyboard.type(pick);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first().waitFor({ timeout: 20_000 });
  await sleep(300);
  await page.keyboard.press('Enter');
}

/** Open a workspace file through Quick Open (Ctrl+P), as a user would. */
export async function quickOpen(file: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
  await page.keyboard.type(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Open a pod's anatomy as the only editor, so the webview read is the one just opened. */
export async function openAnatomy(pod: string): Promise<void> {
  await palette('View: Close All Editors');
  await sleep(500);
  await palette('Pod X-Ray: Show Pod Anatomy', pod);
}
/** The document inside the newest webview (VS Code nests it in two iframes). */
export const webview = (): FrameLocator =>
  page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

/** The last step of each suite: no uncaught error of ours in the workbench page. */
export function noUncaughtErrorsOfOurs(): void {
  const ours = pageErrors.filter(e => /pod-xray|podXray|anatomy/i.test(e));
  if (ours.length) throw new Error(ours.join('\n'));
}
