// The built-in demo, end to end: the real workbench (code-server) with a fresh profile and NO
// kubeconfig ($HOME and $KUBECONFIG point at empty places). The welcome view offers the demo, the tree
// fills with recorded pods marked as recorded, the anatomy shows a restart and a sandbox recreation, a
// cluster-only action says why it is off, the walkthrough's steps complete as the user does them, and
// the extension host opens no network connection (strace records its every connect() from the moment
// Pod X-Ray is active: only local AF_UNIX sockets may appear).
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { waitFor } from '../shared/wait';
import {
  cs,
  noUncaughtErrorsOfOurs,
  page,
  palette,
  rowTexts,
  say,
  shot,
  sleep,
  toastTexts,
  useWorkbench,
  webview,
} from './workbench';

// ---- a machine with no cluster -------------------------------------------------------------------
const EMPTY = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-xray-demo-home-'));
const NET_LOG = path.join(EMPTY, 'connect.strace');
let tracer: ChildProcess | undefined;

/** The demo's page redraws as its recording loops: a read that fails mid-redraw counts as "not yet". */
const until = <T>(what: string, ms: number, f: () => Promise<T | false | undefined>) =>
  waitFor(what, ms, () => f().catch(() => false as const), 250);

/** The extension host among code-server's descendants (the process Pod X-Ray runs in). */
function extensionHost(root: number): number | undefined {
  const kids = new Map<number, number[]>();
  for (const p of fs.readdirSync('/proc').filter(x => /^\d+$/.test(x))) {
    try {
      const ppid = Number(fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(p)]);
    } catch {
      /* gone meanwhile */
    }
  }
  const all: number[] = [];
  for (let todo = [root]; todo.length;) {
    const p = todo.pop()!;
    all.push(p);
    todo.push(...(kids.get(p) ?? []));
  }
  return all.find(p => {
    try {
      return /extensionHostProcess/.test(fs.readFileSync(`/proc/${p}/environ`, 'utf8'));
    } catch {
      return false;
    }
  });
}

/** The walkthrough step rows (title + whether VS Code shows it complete). */
async function steps(): Promise<{ title: string; done: boolean }[]> {
  return page.locator('.getting-started-step').evaluateAll(els =>
    els.map(e => ({
      title: (e.querySelector('h3')?.textContent ?? '').trim(),
      done: !!e.querySelector('.codicon-pass-filled, .complete') || e.classList.contains('complete'),
    })),
  );
}

/** Open the walkthrough from the palette and read its steps. */
async function walkthroughSteps(): Promise<{ title: string; done: boolean }[]> {
  await palette('Welcome: Open Walkthrough', 'The Pod Sandbox in Six Steps');
  await page.locator('.getting-started-step').first().waitFor({ timeout: 30_000 });
  await sleep(1000);
  const s = await steps();
  say(`steps: ${JSON.stringify(s)}`);
  return s;
}

describe('e2e-demo: the built-in demo with no kubeconfig', function () {
  this.timeout(300_000);
  useWorkbench({
    name: 'e2e-demo',
    failedPrefix: 'demo-',
    codeServer: () => {
      say(`HOME ${EMPTY}`);
      // KUBECONFIG unset: kubectl's default, ~/.kube/config in the empty HOME.
      return { cwd: EMPTY, env: { HOME: EMPTY, KUBECONFIG: '' }, machineSettings: {} };
    },
  });
  before(async () => {
    await page.locator('.statusbar').waitFor({ timeout: 90_000 });
  });
  after(() => {
    if (tracer && tracer.exitCode === null) tracer.kill('SIGINT');
  });

  it('with no kubeconfig the welcome view offers the demo', async () => {
    const icon = page.locator('.activitybar [aria-label^="Pod X-Ray"]').first();
    await icon.waitFor({ timeout: 30_000 });
    await icon.click();
    const welcome = page.locator('.sidebar .welcome-view-content');
    await until('the welcome text', 30_000, async () => /No kubeconfig found/.test(await welcome.innerText()));
    await page.locator('.sidebar .welcome-view-content .monaco-button', { hasText: 'Open the Demo' }).waitFor();
    await shot('demo-01-welcome');
    // Pod X-Ray is active now: from here on every connect() of its process is recorded.
    const pid = await until('the extension host', 20_000, async () => extensionHost(cs.process.pid!));
    tracer = spawn('strace', ['-f', '-qq', '-e', 'trace=connect', '-o', NET_LOG, '-p', String(pid)], {
      stdio: 'ignore',
    });
    await until('strace attached', 10_000, async () => fs.existsSync(NET_LOG));
    say(`tracing connect() of the extension host, pid ${pid}`);
  }).timeout(120_000);

  it('Open the Demo fills the tree with recorded pods, marked as recorded', async () => {
    await page.locator('.sidebar .welcome-view-content .monaco-button', { hasText: 'Open the Demo' }).click();
    let seen: string[] = [];
    const rows = await until('the recorded pods', 30_000, async () => {
      const t = (seen = await rowTexts());
      return (
        ['crashy', 'shared', 'with-sidecar', 'shared-pid', 'web-init'].every(p =>
          t.some(r => r.startsWith(p) && r[p.length] !== '-'),
        ) && t
      );
    }).catch(e => {
      throw new Error(`${e.message}; rows: ${JSON.stringify(seen)}`);
    });
    say(`rows: ${JSON.stringify(rows)}`);
    const context = rows.find(r => r.startsWith('demo (recorded)'));
    if (!context || !/recorded replay, not live/.test(context) || /· live/.test(context))
      throw new Error(`context row: ${context}`);
    await shot('demo-02-tree');
  }).timeout(90_000);

  it('the walkthrough opens; its first step completes with its button', async () => {
    const s = await walkthroughSteps();
    if (s.length !== 6) throw new Error(`${s.length} steps`);
    if (s.some(x => x.done)) throw new Error('steps complete before the user did anything in the walkthrough');
    await shot('demo-03-walkthrough');
    await page.locator('.getting-started-step .monaco-button', { hasText: 'Show the Pods' }).first().click();
    await until('step 1 complete', 10_000, async () => (await steps())[0].done);
  }).timeout(120_000);

  it("step 3's button opens the crash loop's anatomy, marked recorded, and completes the step", async () => {
    await page.locator('.getting-started-step', { hasText: 'A container crashes' }).first().click();
    await sleep(500);
    await shot('demo-04-walkthrough-step3');
    await page.locator('.getting-started-step .monaco-button', { hasText: 'Watch a Crash Loop' }).first().click();
    const badge = webview().locator('.live-badge');
    await until('the anatomy of crashy with a "recorded" badge', 30_000, async () =>
      /recorded, not live/.test(await badge.innerText()),
    );
    await until('the tab title', 10_000, async () =>
      /crashy · anatomy \(recorded\)/.test(
        await page
          .locator('.tab')
          .allInnerTexts()
          .then(t => t.join('|')),
      ),
    );
    await shot('demo-05-anatomy-crashy');
  }).timeout(120_000);

  it('the anatomy shows a recorded restart: a new instance in the same sandbox, same IP', async () => {
    // The app card's "#N · id": wait to see N go to N+1 (a restart), wherever the loop is.
    const card = webview().locator('.card').filter({ hasText: 'app' }).first();
    const number = async () => Number(/#(\d+)/.exec(await card.innerText())?.[1] ?? 0);
    let last = await number();
    let ip0 = await webview().locator('.ip-badge').innerText();
    await until('a new instance of app', 200_000, async () => {
      const n = await number();
      if (n === last + 1) return true;
      if (n !== last) ip0 = await webview().locator('.ip-badge').innerText(); // a new round: start over
      last = n;
      return false;
    });
    for (let i = 0; i < 3; i++) {
      await shot(`demo-06-restart-${i}`);
      await sleep(400);
    }
    const ip1 = await webview().locator('.ip-badge').innerText();
    say(`crashy app #${last} -> #${await number()}, IP ${ip0} -> ${ip1}`);
    if (ip1 !== ip0) throw new Error(`IP changed: ${ip0} -> ${ip1}`);
  }).timeout(300_000);

  it('a cluster-only action says why it is off in the demo', async () => {
    await palette('Pod X-Ray: Show Sandbox Processes');
    const t = await until('the reason', 15_000, async () =>
      (await toastTexts()).find(x => /recorded demo, not a live cluster/.test(x)),
    );
    say(`toast: ${t}`);
    await shot('demo-07-disabled-action');
    await page.keyboard.press('Escape');
  }).timeout(60_000);

  it("step 6's button opens the sandbox recreation; a second generation appears", async () => {
    await palette('Welcome: Open Walkthrough', 'The Pod Sandbox in Six Steps');
    await page.locator('.getting-started-step', { hasText: 'Only a new sandbox' }).first().click();
    await sleep(500);
    await page
      .locator('.getting-started-step .monaco-button', { hasText: 'Watch a Sandbox Recreation' })
      .first()
      .click();
    const gen = webview().locator('.sb-gen');
    await until('the anatomy of shared', 30_000, async () =>
      /shared · anatomy/.test(
        await page
          .locator('.tab')
          .allInnerTexts()
          .then(t => t.join('|')),
      ),
    );
    // The recorded pause kill comes ~37 s into each round (the loop brings it again after a pause).
    const g = await until('generation 2', 200_000, async () => /2/.test(await gen.innerText()) && gen.innerText());
    for (let i = 0; i < 3; i++) {
      await shot(`demo-08-sandbox-recreated-${i}`);
      await sleep(400);
    }
    say(`shared: ${g}, IP ${await webview().locator('.ip-badge').innerText()}`);
  }).timeout(360_000);

  it('steps 3 and 6 are complete, as the user did them', async () => {
    const s = await walkthroughSteps();
    if (!s[2].done || !s[5].done) throw new Error('steps 3 and 6 should be complete');
    await shot('demo-09-walkthrough-done');
  }).timeout(120_000);

  it('the extension host opened no network connection', async () => {
    if (!tracer || tracer.exitCode !== null) throw new Error('strace is not tracing the extension host');
    const log = fs.readFileSync(NET_LOG, 'utf8');
    const connects = log.split('\n').filter(l => /connect\(/.test(l));
    const network = connects.filter(l => /AF_INET6?\b/.test(l));
    say(`connect() calls of the extension host: ${connects.length}, to a network address: ${network.length}`);
    if (network.length) throw new Error(`network connections:\n${network.slice(0, 10).join('\n')}`);
  }).timeout(10_000);

  it('no uncaught errors in the workbench page', async () => {
    noUncaughtErrorsOfOurs();
  }).timeout(10_000);
});
