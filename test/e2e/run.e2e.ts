// End-to-end: the real VS Code workbench (code-server 1.139) in headless Chromium, with Pod X-Ray
// installed, against the real local cluster. Everything is read from the UI: tree rows, hover
// widgets, the quick input, the DOM inside the anatomy webview. Screenshots in POD_XRAY_SHOTS.
// The steps build on each other (a pod restarted in one is read in the next): one describe per
// section, run in this order (mocha: no bail); a failed step does not stop the later ones.
// A step from the old runner (`await test('x', async () => {…})` in run.js) ports as
// `it('x', async () => {…}).timeout(ms)` in its section's describe: the helpers keep their names
// (page, palette, row, expand, shot, until, webview, openAnatomy, kubectl, closeHovers from ./workbench
// and ../shared/cluster); `throw new Skip(why)` becomes `this.skip()` in an `async function ()`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ADMIN,
  RESTRICTED,
  apiCall,
  clusterSh,
  kubectl,
  kubectlJson,
  type ContainerStatus,
  kubectlIn,
  podJson,
  freshPod,
  forceDeletePod,
} from '../shared/cluster';
import { runtimeOf } from '../shared/runtime';
import {
  cs,
  expand,
  nextPicker,
  noUncaughtErrorsOfOurs,
  openAnatomy,
  page,
  palette,
  quickOpen,
  ROOT,
  row,
  rows,
  rowText,
  rowTexts,
  readHover,
  say,
  shot,
  sleep,
  until,
  useWorkbench,
  webview,
} from './workbench';

/** A throwaway workspace folder (the kubeconfig is set in the user's Remote settings: settingsFile()). */
const WS = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-xray-e2e-ws-'));
/** Webview CSP violations the extension reports on the extension host console (forwarded to the page). */
const cspWarnings: string[] = [];
declare global {
  /** Set by a hostile payload's script, were it ever run (in the page or the webview). */
  interface Window {
    __pxr?: number;
  }
}

/** Write a pod's status through the status subresource (what a kubelet does), with the admin token. */
const patchStatus = (ns: string, name: string, status: unknown) =>
  apiCall('PATCH', `/api/v1/namespaces/${ns}/pods/${name}/status`, { status });
// podXray.kubeconfig is the user's own (machine-scoped, never from a workspace): code-server's Remote settings.
const settingsFile = () => path.join(cs.dataDir, 'user/Machine/settings.json');
function setSetting(k: string, v: unknown) {
  const s = JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
  if (v === undefined) delete s[k];
  else s[k] = v;
  fs.writeFileSync(settingsFile(), JSON.stringify(s, null, 2));
}

describe('e2e: the workbench against the local cluster', function () {
  this.timeout(300_000);
  useWorkbench({
    name: 'e2e',
    failedPrefix: '',
    needsCluster: true,
    folder: () => WS,
    codeServer: () => {
      fs.mkdirSync(path.join(WS, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(WS, 'README.md'), '# Pod X-Ray e2e workspace\n');
      return { folder: WS, machineSettings: { 'podXray.kubeconfig': ADMIN } };
    },
  });
  before(() => {
    page?.on('console', m => {
      if (/Pod X-Ray: the anatomy view blocked/.test(m.text())) cspWarnings.push(m.text());
    });
  });
  after(() => {
    try {
      forceDeletePod('hostile', 'demo', '--wait=false');
    } catch {
      /* the cluster may already be gone */
    }
  });

  describe('the Pods tree', () => {
    it('the Pod X-Ray activity bar icon opens the Pods tree with the local context', async () => {
      const icon = page.locator('.activitybar [aria-label^="Pod X-Ray"]').first();
      await icon.waitFor({ timeout: 90_000 });
      await shot('01-workbench');
      await icon.click();
      await row('pod-xray-local').waitFor({ timeout: 30_000 });
      await shot('02a-tree-default-namespace');
      // Pick demo through the palette, as a user would (the admin context already defaults to it).
      await palette('Pod X-Ray: Select Namespace', 'demo');
      await row('crashy').waitFor({ timeout: 30_000 });
      if (!/pod-xray-local \/ demo/.test(await page.locator('.statusbar').innerText()))
        throw new Error('status bar does not show the namespace');
      const t = await rowTexts();
      say(`rows: ${JSON.stringify(t.slice(0, 8))}`);
      if (!/pod-xray-local\s*current · live/.test(t.join('\n'))) throw new Error(`context row: ${t[0]}`);
      await shot('02-tree');
    }).timeout(300_000);

    it('scenario pods show a sandbox row first and the right container kinds', async () => {
      await expand('web-init');
      await row('fetch-config').waitFor({ timeout: 10_000 });
      // A freshly (re)created web-init may still be running its second init container: the live
      // tree must get there by itself.
      const childRows = async () => {
        const t = await rowTexts();
        const i = t.findIndex(x => x.startsWith('web-init'));
        return t.slice(i + 1, i + 5);
      };
      let kids = await childRows();
      await until('web-init to finish its init containers', 90_000, async () =>
        /^web\s*running/.test((kids = await childRows())[3] ?? ''),
      ).catch(() => {});
      if (!/^pause sandbox\s*10\.244\.\d+\.\d+ · generation (\d+|≥ \d+|unknown) · containerd/.test(kids[0]))
        throw new Error(`sandbox row: ${kids[0]}`);
      if (
        !/^fetch-config\s*init 1\/2 · completed/.test(kids[1]) ||
        !/^migrate\s*init 2\/2 · completed/.test(kids[2]) ||
        !/^web\s*running/.test(kids[3])
      )
        throw new Error(JSON.stringify(kids));
      await row('web-init').click(); // collapse it again
      await until(
        'web-init collapsed',
        5_000,
        async () => (await row('web-init').getAttribute('aria-expanded')) === 'false',
      );
    }).timeout(180_000);

    it("the crash-loop pod's restart count rises in the tree within 5 s of a real restart", async () => {
      freshPod('crashy');
      await row('crashy').waitFor({ timeout: 30_000 });
      const restarts = (s: string) => Number((/(\d+) restarts?/.exec(s) || [0, 0])[1]);
      await until('crashy to run', 60_000, async () =>
        (podJson('crashy').status.containerStatuses || []).some(c => c.name === 'app' && c.state?.running),
      );
      const appRestarts = () => podJson('crashy').status.containerStatuses!.find(c => c.name === 'app')!.restartCount;
      const before = appRestarts();
      let apiAt = 0;
      await until('a real restart (kubectl)', 90_000, async () => {
        const rc = appRestarts();
        if (rc > before) {
          apiAt = Date.now();
          return true;
        }
        return false;
      });
      await until('the tree to show it (5 s)', 5_000, async () => restarts(await rowText('crashy')) > before);
      say(`tree updated ${Date.now() - apiAt} ms after kubectl saw the restart: ${await rowText('crashy')}`);
    }).timeout(300_000);

    it('hovering the sandbox row shows its explanation', async () => {
      await expand('crashy');
      const ip = podJson('crashy').status.podIP;
      const sb = rows().filter({ hasText: 'pause sandbox' }).filter({ hasText: ip }).first();
      await sb.waitFor({ timeout: 10_000 });
      const text = await readHover(sb, 'owns this pod', async h => (await h.innerText()).replace(/\s+/g, ' '));
      say(`tooltip: ${text.slice(0, 160)}…`);
      if (!/keeps the IP 10\.244\.\d+\.\d+/.test(text)) throw new Error(text);
      await shot('03-tooltip-dark');
      await page.mouse.move(5, 5);
    }).timeout(120_000);
  });

  describe('issue 15 (items 2, 9): cluster URLs in tooltips are text, not links; spaces stay breakable', () => {
    it('a termination message with a URL: the tree tooltip shows it as text, no link, words whole', async () => {
      const url = 'http://127.0.0.1:1/x';
      const message = `the process keeps itself alive until ${url} answers; see www.example.com too`;
      forceDeletePod('linky');
      kubectlIn(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'linky', namespace: 'demo', labels: { 'pod-xray/scenario': 'hostile' } },
          spec: {
            nodeName: 'localhost',
            automountServiceAccountToken: false,
            dnsPolicy: 'Default',
            restartPolicy: 'Never',
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'linker',
                image: 'docker.io/local/busybox:test',
                imagePullPolicy: 'Never',
                command: ['/bin/sh', '-c', `printf '%s' '${message}' > /dev/termination-log; exit 3`],
              },
            ],
          },
        }),
        'apply',
        '-f',
        '-',
      );
      await until('linky terminated', 60_000, async () =>
        (podJson('linky').status.containerStatuses || []).some(c => c.state?.terminated),
      );
      try {
        await expand('linky');
        const c = row('linker');
        await until('the container row terminated', 30_000, async () =>
          /exit 3/.test(await c.innerText().catch(() => '')),
        );
        // The pod's status still settles: readHover hovers again if a row redraw closes the tooltip.
        const { text, links, html } = await readHover(c, 'keeps itself alive', hover =>
          hover.evaluate((el: HTMLElement) => ({
            text: el.innerText,
            links: [...el.querySelectorAll('a')].map(a => a.getAttribute('href') || a.dataset.href || ''),
            html: el.innerHTML,
          })),
        );
        say(`tooltip links: ${JSON.stringify(links)}; text: ${text.replace(/\s+/g, ' ').slice(0, 160)}…`);
        await shot('03b-tooltip-url-as-text');
        await page.mouse.move(5, 5);
        if (!text.includes(message)) throw new Error(`the message is not shown verbatim: ${text}`);
        if (links.some(h => !/^https:\/\/kubernetes\.io\/docs\//.test(h)))
          throw new Error(`a link from the cluster: ${links}`);
        if (/&nbsp;|\u00a0/.test(html) || text.includes('\u00a0'))
          throw new Error('non-breaking spaces in the tooltip');
      } finally {
        forceDeletePod('linky');
      }
    }).timeout(180_000);
  });

  describe('the anatomy webview and the actions', () => {
    it('Show Pod Anatomy from the palette: sandbox IP and instances in the webview', async () => {
      await openAnatomy('crashy');
      const ip = webview().locator('.ip-badge');
      await ip.waitFor({ timeout: 30_000 });
      await until('the IP badge', 10_000, async () => /^IP 10\.244\.\d+\.\d+$/.test(await ip.innerText()));
      const ipText = await ip.innerText();
      const podIp = podJson('crashy').status.podIP;
      if (ipText !== `IP ${podIp}`) throw new Error(`${ipText} vs ${podIp}`);
      const cards = await webview().locator('.card').count();
      if (cards !== 2) throw new Error(`cards: ${cards}`);
      const items = await webview().locator('.tl-item').count();
      say(`anatomy: ${ipText}, ${cards} containers, ${items} timeline steps`);
      await shot('04-anatomy');
    }).timeout(120_000);

    it('after a real restart the new instance appears in the webview; the IP is unchanged', async () => {
      const inst = webview().locator('.card').filter({ hasText: 'app' }).first().locator('.inst');
      const ip0 = await webview().locator('.ip-badge').innerText();
      const first = await inst.innerText();
      const m0 = /#(\d+)/.exec(first);
      // Take screenshots while it happens (mid-animation).
      let n = 0;
      const changed = await until('a new instance (#n+1)', 120_000, async () => {
        const t = await inst.innerText().catch(() => '');
        const m = /#(\d+)/.exec(t);
        if (m && m0 && Number(m[1]) > Number(m0[1])) return t;
        return false;
      });
      for (; n < 4; n++) {
        await shot(`05-restart-anim-${n}`);
        await sleep(250);
      }
      const ip1 = await webview().locator('.ip-badge').innerText();
      say(`instance ${first} -> ${changed}; ${ip0} -> ${ip1}`);
      if (ip1 !== ip0) throw new Error(`IP changed: ${ip0} -> ${ip1}`);
    }).timeout(240_000);

    it('after the pause process is killed a new sandbox generation appears', async () => {
      const gen = webview().locator('.sb-gen');
      const g0 = await gen.innerText();
      const ip0 = await webview().locator('.ip-badge').innerText();
      clusterSh('kill-sandbox', 'crashy', 'demo');
      await until('generation + 1', 90_000, async () => {
        const g = await gen.innerText();
        return Number(g.replace(/\D/g, '')) > Number(g0.replace(/\D/g, '')) ? g : false;
      });
      for (let i = 0; i < 3; i++) {
        await shot(`06-sandbox-recreated-${i}`);
        await sleep(300);
      }
      const tl = await webview().locator('.tl-sandbox-recreated').count();
      // While the new sandbox has no IP the badge says so ("no IP yet"), never the old sandbox's IP.
      await until('the new IP', 60_000, async () => {
        const t = await webview().locator('.ip-badge').innerText();
        return /^IP \d/.test(t) && t !== ip0;
      });
      const ip1 = await webview().locator('.ip-badge').innerText();
      say(`sandbox: ${g0} -> ${await gen.innerText()}, ${ip0} -> ${ip1}, ${tl} recreation step(s)`);
      if (!tl) throw new Error('no sandbox-recreated step in the timeline');
    }).timeout(240_000);

    it("issue 18: the anatomy's IP and current instance ID are containerd's (ctr), after the recreation", async () => {
      const uid = podJson('crashy').metadata.uid;
      // crashy keeps crashing: compare once the page and the runtime name the same newest app container.
      let seen = '';
      await until("the card's instance is containerd's newest app container", 60_000, async () => {
        const rt = runtimeOf(uid);
        const sb = rt.running();
        const newest = rt.containers
          .filter(c => c.name === 'app' && c.sandboxId === sb?.id)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .pop();
        const ip = await webview().locator('.ip-badge').innerText();
        const card = await webview().locator('.card', { hasText: 'app' }).first().innerText();
        seen = `page: ${ip} / ${card.replace(/\s+/g, ' ')}; containerd: ${sb?.ip} / ${newest?.id.slice(0, 12)}`;
        return !!sb && !!newest && ip.includes(sb.ip!) && card.includes(newest.id.slice(0, 12));
      }).catch(e => {
        throw new Error(`${(e as Error).message}: ${seen}`);
      });
      say(seen);
    }).timeout(120_000);

    it('Crash… in the anatomy view asks first, then the new instance joins the same sandbox', async () => {
      await openAnatomy('trap-term');
      const inst = webview().locator('.card .inst').first();
      await until('trap-term running', 30_000, async () => /#\d+/.test(await inst.innerText().catch(() => '')));
      const before = await inst.innerText(),
        ip0 = await webview().locator('.ip-badge').innerText();
      await webview().locator('.card button', { hasText: 'Crash' }).first().click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 15_000 });
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      say(`modal: ${text.slice(0, 200)}`);
      if (!/same pause sandbox/.test(text) || !/keeps its IP/.test(text)) throw new Error(text);
      await shot('06b-crash-modal');
      await dialog.locator('.monaco-button', { hasText: 'Crash Container' }).first().click();
      const after = await until('a new instance in the webview', 60_000, async () => {
        const t = await inst.innerText();
        return t !== before && /#\d+/.test(t) ? t : false;
      });
      const ip1 = await webview().locator('.ip-badge').innerText();
      say(`crash: ${before} -> ${after}; ${ip0} -> ${ip1}`);
      if (ip1 !== ip0) throw new Error('IP changed');
      await until('the tree shows the restart', 10_000, async () => /1 restart/.test(await rowText('trap-term')));
    }).timeout(180_000);

    it('Show Sandbox Processes: PID 1 /pause read back from the editor; the explanation elsewhere', async () => {
      await palette('View: Close All Editors');
      await palette('Pod X-Ray: Show Sandbox Processes', 'shared-pid');
      const lines = page.locator('.editor-group-container .editor-instance .monaco-editor .view-lines').first();
      // Monaco renders spaces as U+00A0: compare normalized text.
      await until('the process table', 30_000, async () =>
        /SANDBOX \(pause\)/.test((await lines.innerText().catch(() => '')).replace(/\u00a0/g, ' ')),
      );
      const t = (await lines.innerText()).replace(/\u00a0/g, ' ');
      say(
        `processes: ${t
          .split('\n')
          .filter(l => /SANDBOX|app|helper/.test(l))
          .slice(0, 3)
          .join(' | ')}`,
      );
      if (!/^\s*1\s+SANDBOX \(pause\)\s+\/pause/m.test(t)) throw new Error(t.slice(0, 400));
      await shot('06c-sandbox-processes');
      await palette('View: Close All Editors');
      await palette('Pod X-Ray: Show Sandbox Processes', 'steady');
      await until('the explanation', 30_000, async () =>
        /does not share its process namespace/.test(
          (
            await page
              .locator('.editor-group-container .editor-instance .monaco-editor .view-lines')
              .first()
              .innerText()
              .catch(() => '')
          ).replace(/\u00a0/g, ' '),
        ),
      );
    }).timeout(180_000);

    it('a pod whose messages carry HTML and script shows them as plain text', async () => {
      const payload =
        '<img src=x onerror="parent.__pxr=1;window.__pxr=1"><script>window.__pxr=1</script>' +
        '**bold** [run](command:workbench.action.quit)';
      forceDeletePod('hostile');
      kubectlIn(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'hostile',
            namespace: 'demo',
            labels: { 'pod-xray/scenario': 'hostile' },
            annotations: { note: payload },
          },
          spec: {
            nodeName: 'localhost',
            automountServiceAccountToken: false,
            dnsPolicy: 'Default',
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'app',
                image: 'docker.io/local/busybox:test',
                imagePullPolicy: 'Never',
                command: [
                  '/bin/sh',
                  '-c',
                  `printf '%s' '${payload.replace(/'/g, "'\\''")}' > /dev/termination-log; exit 3`,
                ],
              },
            ],
          },
        }),
        'apply',
        '-f',
        '-',
      );
      await until('hostile terminated', 60_000, async () =>
        (podJson('hostile').status.containerStatuses || []).some(c => c.lastState?.terminated || c.state?.terminated),
      );
      await openAnatomy('hostile');
      const msg = webview().locator('.card .msg').first();
      await until('the message', 30_000, async () => (await msg.innerText().catch(() => '')).includes('<img'));
      const text = await msg.innerText();
      const counts = await webview().locator('img, .card script').count();
      const executed = await page.evaluate(() => window.__pxr === 1);
      const frameExecuted = await page
        .frameLocator('iframe.webview.ready')
        .last()
        .frameLocator('#active-frame')
        .locator('body')
        .evaluate(() => window.__pxr === 1 || parent.__pxr === 1);
      say(`message shown as text: ${text.slice(0, 80)}…; elements ${counts}; executed ${executed || frameExecuted}`);
      await shot('07-hostile');
      if (!text.includes('<script>') || counts !== 0 || executed || frameExecuted)
        throw new Error('markup from the cluster was interpreted');
    }).timeout(180_000);

    it('pods full of hostile strings: nothing executes, no CSP violation, the layout holds', async function () {
      let pods: string[];
      try {
        pods = kubectl('get', 'pods', '-n', 'hostile', '-o', 'name')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map(n => n.replace('pod/', ''))
          .sort();
      } catch {
        pods = [];
      }
      if (!pods.length) {
        say('skipped: no hostile pods (the integration layer creates them)');
        this.skip();
      }
      await palette('Pod X-Ray: Select Namespace', 'hostile');
      for (const name of pods.slice(0, 3)) {
        await openAnatomy(name);
        const msg = webview().locator('.card .msg').first();
        await until(`${name} rendered`, 30_000, async () => (await msg.innerText().catch(() => '')).length > 0);
        const frame = webview().locator('body');
        // Only #app renders cluster text; our own SVG icons are aria-hidden. Any other element there came from data.
        const state = await frame.evaluate(() => ({
          pxr: window.__pxr ?? parent.__pxr ?? null,
          imgs: document.querySelectorAll(
            '#app img, #app iframe, #app form, #app link, #app meta, #app style, #app object, #app embed, ' +
              '#app a[href], #app svg:not([aria-hidden="true"]):not(.tl-svg)',
          ).length,
          // The timeline chart is our SVG: only the elements timeline.ts draws, cluster text in text nodes.
          foreign: document.querySelectorAll(
            'svg.tl-svg *:not(g):not(rect):not(line):not(path):not(text):not(tspan):not(title)',
          ).length,
          scripts: document.querySelectorAll('#app script').length,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          widest: Math.max(...[...document.querySelectorAll('.card')].map(c => c.getBoundingClientRect().width)),
        }));
        say(`${name}: ${JSON.stringify(state)}`);
        if (
          state.pxr !== null ||
          state.imgs ||
          state.foreign ||
          state.scripts ||
          state.overflow > 1 ||
          state.widest > 260
        )
          throw new Error(`${name}: ${JSON.stringify(state)}`);
      }
      if (cspWarnings.length) throw new Error(`CSP violations: ${cspWarnings.join('; ')}`);
      await shot('07b-hostile-pods');
      await palette('Pod X-Ray: Select Namespace', 'demo');
    }).timeout(240_000);
  });

  describe("fix-webui (issue 15 items 3, 7, 10, 14): the anatomy page's cards", () => {
    it('webview: U+202E neutralised, message whole on click, back-off label steady, Previous only if one', async () => {
      await page.keyboard.press('Escape');
      const name = 'bidi-msg';
      const RLO = '\u202E';
      const tail = `${'x'.repeat(160)} END-OF-MESSAGE`;
      forceDeletePod(name, 'ghost', '--wait=true');
      kubectlIn(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace: 'ghost', labels: { 'pod-xray/scenario': 'fix-webui' } },
          spec: {
            nodeName: 'ghost-node',
            automountServiceAccountToken: false,
            containers: ['app', 'side'].map(n => ({ name: n, image: 'docker.io/local/busybox:test' })),
          },
        }),
        'create',
        '-f',
        '-',
      );
      // The status a kubelet writes for a container in back-off whose node never restarts it: the
      // back-off ended minutes ago. `side` never restarted: no lastState, so no previous logs.
      const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
      const dead = `containerd://${'be'.repeat(32)}`;
      const status = {
        phase: 'Running',
        podIP: '10.244.9.77',
        podIPs: [{ ip: '10.244.9.77' }],
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 3,
            image: 'x',
            imageID: '',
            containerID: dead,
            state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 40s restarting failed container=app` } },
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                message: `saved ${RLO}gnp.exe\u202C ${tail}`,
                startedAt: ago(400),
                finishedAt: ago(300),
                containerID: dead,
              },
            },
          },
          {
            name: 'side',
            ready: true,
            restartCount: 0,
            image: 'x',
            imageID: '',
            containerID: `containerd://${'5d'.repeat(32)}`,
            state: { running: { startedAt: ago(500) } },
          },
        ],
      };
      await patchStatus('ghost', name, status);
      try {
        await palette('Pod X-Ray: Select Namespace', 'ghost');
        await openAnatomy(name);
        const app = webview().locator('.card').filter({ hasText: 'app' }).first();
        const side = webview().locator('.card').filter({ hasText: 'side' }).first();
        const msg = app.locator('.msg');
        await msg.waitFor({ timeout: 30_000 });
        const short = await msg.evaluate(e => e.textContent);
        say(`card message: ${JSON.stringify(short)}`);
        if (/[\u202a-\u202e\u2066-\u2069]/.test(short))
          throw new Error(`bidi control in the card: ${JSON.stringify(short)}`);
        if (!/saved +gnp\.exe/.test(short)) throw new Error(`not neutralised: ${JSON.stringify(short)}`);
        if (/END-OF-MESSAGE/.test(short)) throw new Error('expected a cut message for this check');
        await msg.click();
        const full = await msg.evaluate(e => e.textContent);
        if (!/END-OF-MESSAGE$/.test(full) || /[\u202a-\u202e]/.test(full))
          throw new Error(`the whole message is not shown in the page: ${JSON.stringify(full)}`);
        if ((await msg.getAttribute('aria-expanded')) !== 'true') throw new Error('aria-expanded not set');
        await shot('13-card-message-whole');
        // The back-off ended long ago and no kubelet restarts it: the label must not grow tick after tick.
        const state = app.locator('.state');
        const s0 = await state.innerText();
        await sleep(2000); // four ticks of the page's 500 ms countdown
        const s1 = await state.innerText();
        say(`back-off label: ${JSON.stringify(s0)} then ${JSON.stringify(s1)}`);
        if (s0 !== s1) throw new Error(`the back-off label changed with no news: ${s0} -> ${s1}`);
        if (!/back-off over, restart due$/.test(s1)) throw new Error(s1);
        // Previous logs: offered for app (lastState holds #4's container), not for side (never restarted).
        const prev = app.locator('button', { hasText: 'Previous' });
        if ((await prev.count()) !== 1) throw new Error('no Previous button on app');
        const label = await prev.getAttribute('aria-label');
        if (!/instance #4, container bebebebebebe/.test(label ?? '')) throw new Error(String(label));
        if (await side.locator('button', { hasText: 'Previous' }).count())
          throw new Error('Previous offered on a container that never restarted');
        // The countdown ring does not cover the state text.
        const ring = await app.locator('.ring').boundingBox();
        const text = await state.evaluate(e => {
          const r = document.createRange();
          r.selectNodeContents(e);
          const b = r.getBoundingClientRect();
          return { right: b.right };
        });
        if (ring && (await app.locator('.ring').isVisible()) && text.right > ring.x + 1)
          throw new Error(`the ring (x ${ring.x}) covers the state text (ends at ${text.right})`);
      } finally {
        await palette('Pod X-Ray: Select Namespace', 'demo');
        forceDeletePod(name, 'ghost', '--wait=false');
      }
    }).timeout(180_000);

    it('webview: Replay after "previous step" replays the whole timeline from its first step', async () => {
      await openAnatomy('crashy');
      const items = webview().locator('.tl-item');
      await until('a timeline of 3+ steps', 60_000, async () => (await items.count()) >= 3);
      await webview().locator('button[aria-label="Previous step"]').click();
      const badge = webview().locator('.live-badge');
      await until('replay mode', 5_000, async () => /^replay /.test(await badge.innerText()));
      await webview().locator('button[aria-label="Replay the timeline"]').click();
      // The first frame of the replay must be step 1, not the last one.
      const seen = await until('the replay to show step 1', 10_000, async () => {
        const t = await badge.innerText();
        return /^replay 1\//.test(t) ? t : false;
      });
      say(`replay started at: ${seen}`);
      await webview()
        .locator('button[aria-label="Pause"]')
        .click()
        .catch(() => {});
      await page.keyboard.press('l');
    }).timeout(120_000);
  });

  describe("i16-webview (issues 16 and 20): the anatomy's SVG timeline against the API", () => {
    /** The chart's lanes, bars (aria-labels) and bands (titles), after Fit. */
    async function chartOf() {
      const svg = webview().locator('svg.tl-svg');
      await svg.waitFor({ timeout: 20_000 });
      await webview().locator('.chart-bar button', { hasText: 'Fit' }).click();
      await sleep(400);
      return {
        lanes: await svg.locator('.lane-label').evaluateAll(ts => ts.map(t => t.getAttribute('data-container') ?? '')),
        bars: await svg.locator('.bar').evaluateAll(bs => bs.map(b => b.getAttribute('aria-label') ?? '')),
        bands: await svg.locator('.band > title').evaluateAll(ts => ts.map(t => t.textContent ?? '')),
        current: await svg.locator('.band-current > title').evaluateAll(ts => ts.map(t => t.textContent ?? '')),
        markers: await svg.locator('.marker > title').evaluateAll(ts => ts.map(t => t.textContent ?? '')),
      };
    }
    /** What the API says the chart must hold: lanes in spec order (init first), each live instance's bar. */
    function expectedOf(pod: string) {
      const p = podJson(pod);
      const lanes = [...(p.spec.initContainers || []), ...(p.spec.containers || [])].map(c => c.name);
      const bars: string[] = [];
      for (const s of [...(p.status.initContainerStatuses || []), ...(p.status.containerStatuses || [])]) {
        if (s.state?.running) bars.push(`${s.name} #${s.restartCount + 1} · running`);
        if (s.state?.terminated) bars.push(`${s.name} #${s.restartCount + 1} · exit ${s.state.terminated.exitCode}`);
        if (s.lastState?.terminated)
          bars.push(`${s.name} #${s.restartCount} · exit ${s.lastState.terminated.exitCode}`);
      }
      return { lanes, bars, ip: p.status.podIP };
    }
    /** Polls until the chart agrees with the API (both move while a pod crash-loops). */
    async function chartMatches(pod: string) {
      let last:
        { c: Awaited<ReturnType<typeof chartOf>>; e: ReturnType<typeof expectedOf>; missing: string[] } | undefined;
      await until(`the chart of ${pod} to match the API`, 45_000, async () => {
        const c = await chartOf();
        const e = expectedOf(pod);
        const missing = e.bars.filter(b => !c.bars.some(x => x && x.startsWith(b)));
        last = { c, e, missing };
        return (
          JSON.stringify(c.lanes) === JSON.stringify(e.lanes) &&
          !missing.length &&
          c.current.length === 1 &&
          c.current[0].endsWith(`· IP ${e.ip}`)
        );
      }).catch(err => {
        throw new Error(`${err.message}: ${JSON.stringify(last)}`);
      });
      const { c } = last!;
      say(
        `${pod}: lanes ${c.lanes.join(',')}; ${c.bars.length} bars; bands ${c.bands.join(' | ')}` +
          `${c.markers.length ? `; markers ${c.markers.join(' | ')}` : ''}`,
      );
      return c;
    }

    it('webview timeline: crash loop: lanes, bars, back-off gaps and the sandbox band match the API', async () => {
      await openAnatomy('crashy');
      const c = await chartMatches('crashy');
      const apps = c.bars.filter(b => b.startsWith('app #'));
      if (apps.length < 2) throw new Error(`a crash loop with ${apps.length} app bars`);
      const gaps = await webview().locator('svg.tl-svg .gap').count();
      if (!gaps) throw new Error('no back-off gap drawn between the app instances');
      // The recreated sandbox (killed in an earlier step): a band per generation, a marker between.
      if (c.bands.length < 2 || !c.markers.length) throw new Error(`bands ${c.bands}, markers ${c.markers}`);
      const errorBar = webview().locator('svg.tl-svg .bar.outcome-error').first();
      await errorBar.hover();
      const info = await webview().locator('.chart-info').innerText();
      if (!/#\d+ · exit \d+/.test(info)) throw new Error(`hover: ${info}`);
      await errorBar.click();
      const details = webview().locator('aside.details');
      await details.waitFor({ timeout: 5_000 });
      const d = (await details.innerText()).replace(/\s+/g, ' ');
      say(`details: ${d.slice(0, 200)}`);
      if (!/Exit \d+/.test(d) || !/Sandbox generation \d+/.test(d) || !/Seen /.test(d)) throw new Error(d);
      await shot('20-timeline-crashy-dark');
      // Keyboard: the chart zooms with + and fits with F; Escape closes the details.
      await webview().locator('svg.tl-svg').focus();
      const before = await webview().locator('svg.tl-svg .tick-label').allTextContents();
      await page.keyboard.press('+');
      await page.keyboard.press('+');
      await sleep(300);
      const after = await webview().locator('svg.tl-svg .tick-label').allTextContents();
      if (JSON.stringify(before) === JSON.stringify(after)) throw new Error('+ did not zoom');
      await page.keyboard.press('Escape');
      await page.keyboard.press('f');
      await until('the details closed', 5_000, async () => !(await details.isVisible()));
      // Replay: a step picked in the list puts the cursor on the chart; L goes back to live.
      await webview().locator('.tl-item button').first().click();
      await until(
        'the replay cursor on the chart',
        5_000,
        async () => (await webview().locator('svg.tl-svg .cursor').count()) > 0,
      );
      await shot('20b-timeline-replay-cursor');
      await page.keyboard.press('l');
      await until('live again', 5_000, async () => !(await webview().locator('svg.tl-svg .cursor').count()));
    }).timeout(180_000);

    it('webview timeline: two containers in one sandbox (shared) and an init chain (web-init)', async () => {
      await openAnatomy('shared');
      const s = await chartMatches('shared');
      if (s.lanes.length !== 2) throw new Error(`lanes ${s.lanes}`);
      await shot('21-timeline-shared');
      await openAnatomy('web-init');
      const w = await chartMatches('web-init');
      const groups = await webview().locator('svg.tl-svg .group-label').allTextContents();
      if (groups.join() !== 'INIT,APP' && groups.join() !== 'init,app') throw new Error(`groups ${groups}`);
      if (!w.bars.some(b => /exit 0/.test(b))) throw new Error(`no finished init bar: ${w.bars}`);
      await shot('22-timeline-web-init');
    }).timeout(240_000);

    it('webview timeline: an init container that fails is drawn in red; the app lane stays empty', async () => {
      kubectlIn(
        `apiVersion: v1
kind: Pod
metadata: {name: init-fails, namespace: demo}
spec:
  nodeName: localhost
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 0
  initContainers:
  - {name: setup, image: docker.io/local/busybox:test, imagePullPolicy: Never,
     command: [/bin/sh, -c, 'echo no config >&2; exit 3']}
  containers:
  - {name: web, image: docker.io/local/busybox:test, imagePullPolicy: Never, command: [sleep, '3600']}
`,
        'apply',
        '-f',
        '-',
      );
      try {
        await until('setup to have failed once', 60_000, async () =>
          (podJson('init-fails').status.initContainerStatuses || []).some(
            s => s.lastState?.terminated || s.state?.terminated,
          ),
        );
        await openAnatomy('init-fails');
        const c = await chartMatches('init-fails');
        if (c.bars.some(b => b.startsWith('web '))) throw new Error(`the app ran: ${c.bars}`);
        if (!(await webview().locator('svg.tl-svg .bar.outcome-error').count())) throw new Error('no red bar');
        await shot('23-timeline-init-fails');
      } finally {
        forceDeletePod('init-fails');
      }
    }).timeout(180_000);

    it('webview timeline in dark, light and high-contrast themes (screenshots)', async () => {
      await openAnatomy('crashy');
      await chartMatches('crashy');
      for (const [theme, file] of [
        ['Light Modern', '24-timeline-light'],
        ['Dark High Contrast', '25-timeline-high-contrast'],
        ['Dark Modern', '26-timeline-dark'],
      ]) {
        await palette('Preferences: Color Theme', theme);
        await sleep(2000);
        await chartMatches('crashy');
        await shot(file);
      }
    }).timeout(300_000);
  });

  describe('fix-webui: the pod filter and the status bar', () => {
    it('Filter Pods: typed text + Enter filters; the namespace row says 1 of N and the filter', async () => {
      await palette('View: Close All Editors');
      await palette('Pod X-Ray: Filter Pods');
      await nextPicker();
      await page.keyboard.type('steady');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'Filter by "steady"' })
        .first()
        .waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      try {
        const ns = await until('the demo row to show the filter', 15_000, async () => {
          const t = (await rowTexts()).find(x => /^demo\s*\d/.test(x)); // label and description run together
          return t && /1 of \d+ pods · filter: "steady"/.test(t) ? t : false;
        });
        say(`filtered namespace row: ${ns}`);
        if (await row('crashy').count()) throw new Error('crashy still listed under the filter');
        await shot('14-filter-typed');
      } finally {
        await palette('Pod X-Ray: Clear Pod Filter');
      }
      await row('crashy').waitFor({ timeout: 15_000 });
    }).timeout(120_000);

    it('status bar: a selected namespace that is deleted is marked, not kept as if it existed', async () => {
      const ns = 'fixwebui-gone';
      kubectl('create', 'namespace', ns);
      try {
        await palette('Pod X-Ray: Select Namespace');
        await nextPicker();
        await page.keyboard.type(ns);
        await sleep(300);
        await page.keyboard.press('Enter');
        const bar = page.locator('.statusbar');
        await until('the status bar to show the namespace', 15_000, async () =>
          (await bar.innerText()).includes(`pod-xray-local / ${ns}`),
        );
        if ((await bar.innerText()).includes(`${ns} (`)) throw new Error('marked before it was deleted');
        kubectl('delete', 'namespace', ns, '--wait=false');
        // The local cluster may run no namespace controller: finish the deletion as it would (the namespace is empty).
        try {
          const o = JSON.parse(kubectl('get', 'namespace', ns, '-o', 'json'));
          o.spec.finalizers = [];
          kubectlIn(JSON.stringify(o), 'replace', '--raw', `/api/v1/namespaces/${ns}/finalize`, '-f', '-');
        } catch {
          /* already gone */
        }
        const t = await until('the status bar to mark it deleted', 60_000, async () => {
          const x = await bar.innerText();
          return x.includes(`${ns} (deleted)`) ? x : false;
        });
        say(`status bar: ${t.replace(/\s+/g, ' ').slice(0, 120)}`);
        await shot('15-statusbar-deleted-namespace');
      } finally {
        kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=false');
        await palette('Pod X-Ray: Select Namespace', 'demo');
      }
    }).timeout(180_000);
  });

  describe('themes, the manifest hover and the restricted kubeconfig', () => {
    it('dark and light theme screenshots of tree and anatomy', async () => {
      await openAnatomy('shared');
      await webview().locator('.ip-badge').waitFor({ timeout: 20_000 });
      await sleep(800);
      await shot('08-dark');
      for (const [theme, file] of [
        ['Light Modern', '09-light'],
        ['Dark High Contrast', '10-high-contrast'],
        ['Dark Modern', undefined],
      ]) {
        await palette('Preferences: Color Theme', theme);
        await sleep(2000);
        if (file) await shot(file);
      }
    }).timeout(180_000);

    it('hovering hostNetwork in a manifest shows the explanation in the editor hover', async () => {
      fs.copyFileSync(path.join(ROOT, 'test/fixtures/manifests/host-network.yaml'), path.join(WS, 'host-network.yaml'));
      await quickOpen('host-network.yaml');
      const word = page.locator('.monaco-editor .view-line span', { hasText: /^hostNetwork$/ }).first();
      await word.waitFor({ timeout: 15_000 });
      await word.hover();
      const hover = page.locator('.monaco-hover').filter({ hasText: 'holds no IP of its own' }).first();
      await hover.waitFor({ timeout: 15_000 });
      const t = (await hover.innerText()).replace(/\s+/g, ' ');
      say(`editor hover: ${t.slice(0, 140)}…`);
      if (!/Kubernetes docs/.test(t)) throw new Error(t);
      await shot('12-yaml-hover');
      await page.mouse.move(5, 5);
    }).timeout(120_000);

    it('the restricted kubeconfig shows its namespace without error noise', async () => {
      setSetting('podXray.kubeconfig', RESTRICTED);
      await row('pod-xray-restricted').waitFor({ timeout: 20_000 });
      await row('Other namespaces hidden').waitFor({ timeout: 20_000 });
      await row('crashy').waitFor({ timeout: 20_000 });
      const t = await rowTexts();
      const notices = await page.locator('.notifications-toasts .notification-toast').count();
      say(`restricted rows: ${JSON.stringify(t.slice(0, 4))}; toasts ${notices}`);
      if (t.some(x => /Access denied|Cannot connect|failed/i.test(x))) throw new Error(JSON.stringify(t));
      if (!t.some(x => x.startsWith('demo'))) throw new Error('demo namespace missing');
      await shot('11-restricted');
      // Outside its namespace: a clear refusal naming the permission, not an empty list.
      // A namespace this user cannot list: typed, not picked from the list.
      await palette('Pod X-Ray: Select Namespace');
      await nextPicker();
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
      await page.keyboard.type('ghost');
      await sleep(300);
      await page.keyboard.press('Enter');
      await palette('Pod X-Ray: Show Sandbox Processes');
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Forbidden' }).first();
      await toast.waitFor({ timeout: 20_000 });
      const refusal = (await toast.innerText()).replace(/\s+/g, ' ');
      say(`refusal: ${refusal.slice(0, 200)}`);
      if (!/ghost/.test(refusal) || !/pods/.test(refusal)) throw new Error(refusal);
      await shot('11b-restricted-refusal');
      await palette('Pod X-Ray: Select Namespace', 'demo');
      setSetting('podXray.kubeconfig', ADMIN);
      await row('pod-xray-local').waitFor({ timeout: 20_000 });
    }).timeout(180_000);
  });

  // s4-ui (issues 19 §3 and 20): the anatomy's SVG of with-sidecar and restart-all against the API; the
  // "Troubled" filter from the palette against kubectl; the details side panel with an instance's kept logs
  // in dark, light and high-contrast themes.
  describe('issues 19 §3 and 20: sidecar and restart-all charts, the Troubled filter, kept logs in the side panel', () => {
    interface Chart {
      lanes: (string | null)[];
      untimed: Record<string, number>;
      bars: string[];
      current: string[];
      markers: string[];
    }
    /** The open anatomy's chart, after Fit: lanes, bars (aria-labels), band titles, markers. */
    const s4Chart = async (): Promise<Chart> => {
      const svg = webview().locator('svg.tl-svg');
      await svg.waitFor({ timeout: 20_000 });
      await webview().locator('.chart-bar button', { hasText: 'Fit' }).click();
      await sleep(400);
      const lanes = await svg.locator('.lane-label').evaluateAll(ts => ts.map(t => t.getAttribute('data-container')));
      // Instances the model knows without start or end time: not drawn, counted on the lane ("+N").
      const untimed = await svg
        .locator('.lane-label')
        .evaluateAll(ts =>
          ts.map(t => [
            t.getAttribute('data-container') ?? '',
            Number(t.querySelector('.lane-untimed')?.textContent?.trim() || 0),
          ]),
        );
      return {
        lanes,
        untimed: Object.fromEntries(untimed) as Record<string, number>,
        bars: await svg.locator('.bar').evaluateAll(bs => bs.map(b => b.getAttribute('aria-label') ?? '')),
        current: await svg.locator('.band-current > title').evaluateAll(ts => ts.map(t => t.textContent ?? '')),
        markers: await svg.locator('.marker').evaluateAll(ms => ms.map(m => m.getAttribute('class') ?? '')),
      };
    };
    /**
     * What the API says the chart must hold: a lane per container in spec order (init first); per container,
     * the current instance (#restartCount+1, when it started) and the last one (#restartCount) as bars, and
     * no bar numbered above restartCount+1; the current band labelled with the pod IP.
     */
    const s4Agrees = async (pod: string): Promise<Chart> => {
      let last: { problems: string[]; c: Chart } | undefined;
      await until(`the chart of ${pod} to agree with the API`, 60_000, async () => {
        const p = podJson(pod);
        const c = await s4Chart();
        const lanes = [...(p.spec.initContainers ?? []), ...(p.spec.containers ?? [])].map(x => x.name);
        const problems: string[] = [];
        if (JSON.stringify(c.lanes) !== JSON.stringify(lanes)) problems.push(`lanes ${c.lanes} != ${lanes}`);
        for (const s of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) {
          const mine = c.bars.filter(b => b.startsWith(`${s.name} #`));
          const nums = mine.map(b => Number(/#(\d+)/.exec(b)![1]));
          const want: number[] = [];
          if (s.state?.running || s.state?.terminated) want.push(s.restartCount + 1);
          if (s.lastState?.terminated) want.push(s.restartCount);
          const missing = want.filter(n => !nums.includes(n));
          // A known instance without times may be left undrawn only when its lane says so.
          if (missing.length > (c.untimed[s.name] || 0))
            problems.push(`${s.name}: no bar #${missing} (bars ${mine}; +${c.untimed[s.name] || 0} untimed)`);
          if (nums.some(n => n > s.restartCount + 1)) problems.push(`${s.name}: a bar above #${s.restartCount + 1}`);
        }
        if (c.current.length !== 1 || !c.current[0].endsWith(`IP ${p.status.podIP}`))
          problems.push(`current band ${c.current} (pod IP ${p.status.podIP})`);
        last = { problems, c };
        return !problems.length;
      }).catch((err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(last)}`);
      });
      say(
        `${pod}: lanes ${last!.c.lanes}; bars ${last!.c.bars.join(' | ')}; band ${last!.c.current}; ` +
          `untimed ${JSON.stringify(last!.c.untimed)}`,
      );
      return last!.c;
    };

    it('s4: the anatomy of with-sidecar: lanes, bars and the IP band agree with the API', async () => {
      await openAnatomy('with-sidecar');
      const c = await s4Agrees('with-sidecar');
      const groups = await webview().locator('svg.tl-svg .group-label').allTextContents();
      if (!groups.some(g => /sidecar/i.test(g))) throw new Error(`no sidecar group: ${groups}`);
      if (!c.bars.some(b => b.startsWith('log-shipper #'))) throw new Error('the sidecar has no bar');
      await shot('30-timeline-with-sidecar');
    }).timeout(180_000);

    it('s4: the anatomy of restart-all, after a whole-pod restart: bars per container, a marker, same IP', async () => {
      const before = podJson('restart-all');
      const rc = (s: string) => (before.status.containerStatuses ?? []).find(x => x.name === s)?.restartCount ?? 0;
      kubectl('exec', '-n', 'demo', 'restart-all', '-c', 'worker', '--', 'touch', '/state/trigger');
      await until('the worker restarted (API)', 90_000, async () => {
        const w = (podJson('restart-all').status.containerStatuses ?? []).find(x => x.name === 'worker');
        return w && w.restartCount > rc('worker') && w.state?.running;
      });
      await openAnatomy('restart-all');
      const c = await s4Agrees('restart-all');
      if (!c.markers.some(m => /marker-restart-all/.test(m))) throw new Error(`no restart-all marker: ${c.markers}`);
      if (podJson('restart-all').status.podIP !== before.status.podIP) throw new Error('the IP changed');
      await shot('31-timeline-restart-all');
    }).timeout(240_000);

    interface TPod {
      metadata: { name: string; uid: string; deletionTimestamp?: string };
      spec: { initContainers?: { name: string; restartPolicy?: string }[] };
      status: { initContainerStatuses?: ContainerStatus[]; containerStatuses?: ContainerStatus[] };
    }
    interface TEvent {
      involvedObject: { uid: string; fieldPath?: string };
    }
    /** Troubled by the badge's rule, judged from kubectl: crash-looping, OOMKilled, not ready with a warning. */
    const kubectlTroubled = () => {
      const pods = kubectlJson<{ items: TPod[] }>('get', 'pods', '-n', 'demo').items;
      const warn = kubectlJson<{ items: TEvent[] }>(
        'get',
        'events',
        '-n',
        'demo',
        '--field-selector=type=Warning',
      ).items;
      return pods
        .filter(p => !p.metadata.deletionTimestamp)
        .filter(p => {
          const sidecars = (p.spec.initContainers ?? []).filter(c => c.restartPolicy === 'Always').map(c => c.name);
          const all: [ContainerStatus, boolean][] = [
            ...(p.status.initContainerStatuses ?? []).map(
              s => [s, sidecars.includes(s.name)] as [ContainerStatus, boolean],
            ),
            ...(p.status.containerStatuses ?? []).map(s => [s, true] as [ContainerStatus, boolean]),
          ];
          return all.some(([s, regular]) => {
            if (s.state?.waiting?.reason === 'CrashLoopBackOff') return true;
            const t = s.state?.terminated;
            if (t && t.reason !== 'OOMKilled' && t.exitCode && s.restartCount > 0) return true;
            const end = t ?? s.lastState?.terminated;
            if (end?.reason === 'OOMKilled' && (t || !s.ready)) return true;
            if (!regular || s.ready || !s.state?.running) return false;
            return warn.some(e => {
              if (e.involvedObject.uid !== p.metadata.uid) return false;
              const c = /\{([^}]+)\}$/.exec(e.involvedObject.fieldPath ?? '')?.[1];
              return c === undefined || c === s.name;
            });
          });
        })
        .map(p => p.metadata.name)
        .sort();
    };
    /** The pod rows listed under the demo namespace row (level 3 between it and the next namespace). */
    const demoPodRows = async () => {
      const all = await rows().evaluateAll(rs =>
        // A pod row's screen-reader label reads "pod <name>, <description>" (podNode.ts).
        rs.map(r => [
          r.getAttribute('aria-level'),
          (r.getAttribute('aria-label') || (r as HTMLElement).innerText).replace(/^pod /, '').split(/[\s,]/)[0],
        ]),
      );
      const at = all.findIndex(([lv, t]) => lv === '2' && t === 'demo');
      const out: string[] = [];
      for (let i = at + 1; at >= 0 && i < all.length && all[i][0] !== '2' && all[i][0] !== '1'; i++)
        if (all[i][0] === '3') out.push(all[i][1]!);
      return out.sort();
    };

    it('s4: Show Only Troubled Pods from the palette lists the pods kubectl says are troubled', async () => {
      await palette('View: Close All Editors');
      await palette('Pod X-Ray: Show Only Troubled Pods');
      try {
        const title = page.locator('.pane-header .actions');
        // The title's actions show on hover only: the swapped button is there (attached), hidden or not.
        await title.locator('[aria-label^="Show All Pods"]').first().waitFor({ state: 'attached', timeout: 10_000 });
        await row('demo').waitFor({ timeout: 20_000 });
        let last: { want: string[]; got: string[] } | undefined;
        await until('the tree to list the troubled pods kubectl sees', 60_000, async () => {
          const want = kubectlTroubled();
          const got = await demoPodRows();
          last = { want, got };
          return want.length > 0 && JSON.stringify(want) === JSON.stringify(got);
        }).catch((err: Error) => {
          throw new Error(`${err.message}: ${JSON.stringify(last)}`);
        });
        say(`troubled in demo: ${last!.got.join(', ')}`);
        if (!/only troubled/.test(await rowText('demo'))) throw new Error(`namespace row: ${await rowText('demo')}`);
        await shot('32-troubled-filter');
        await palette('Pod X-Ray: Show All Pods');
        await title
          .locator('[aria-label^="Show Only Troubled Pods"]')
          .first()
          .waitFor({ state: 'attached', timeout: 10_000 });
      } catch (e) {
        // Never leave the filter on for the steps after this one.
        await page.keyboard.press('Escape');
        await palette('Pod X-Ray: Clear Pod Filter').catch(() => page.keyboard.press('Escape'));
        throw e;
      }
      await until('every pod listed again', 20_000, async () => (await demoPodRows()).includes('steady'));
    }).timeout(180_000);

    it('s4: an instance with kept logs: the side panel shows its lines, in three themes; Open in editor', async () => {
      await openAnatomy('crashy');
      const kept = webview().locator('aside.details .kept-text');
      // Click the app's ended instances, newest first, until one shows its kept lines.
      await until('an app instance with kept logs', 120_000, async () => {
        await s4Chart();
        const bars = webview().locator('svg.tl-svg .bar.outcome-error');
        const labels = await bars.evaluateAll(bs => bs.map(b => b.getAttribute('aria-label') ?? ''));
        for (let i = labels.length - 1; i >= 0; i--) {
          if (!labels[i].startsWith('app #')) continue;
          await bars.nth(i).click();
          await sleep(700);
          if (await kept.isVisible().catch(() => false)) return true;
        }
        return false;
      });
      const text = await kept.innerText();
      if (!/app giving up/.test(text) || !/app start/.test(text)) throw new Error(`kept lines: ${text.slice(0, 300)}`);
      const panel = (await webview().locator('aside.details').innerText()).replace(/\s+/g, ' ');
      if (!/Kept logs/.test(panel) || !/lines?/.test(panel)) throw new Error(`panel: ${panel.slice(0, 300)}`);
      // The kept lines are text: no element inside the <pre>.
      if (await webview().locator('aside.details .kept-text *').count()) throw new Error('markup in the kept lines');
      await webview().locator('aside.details .kept-logs').scrollIntoViewIfNeeded();
      await shot('33-details-kept-logs-dark');
      for (const [theme, file] of [
        ['Light Modern', '34-details-kept-logs-light'],
        ['Dark High Contrast', '35-details-kept-logs-high-contrast'],
        ['Dark Modern', undefined],
      ] as const) {
        await palette('Preferences: Color Theme', theme);
        await sleep(2000);
        if (!(await kept.isVisible())) throw new Error(`the kept lines closed in ${theme}`);
        if (file) await shot(file);
      }
      const heading = (await webview().locator('aside.details h3').innerText()).trim(); // "app #N"
      await webview().locator('aside.details button', { hasText: 'Open in editor' }).click();
      const tab = page.locator('.tabs-container .tab', { hasText: `crashy · ${heading}` });
      await tab.first().waitFor({ timeout: 15_000 });
      // The editor draws spaces as no-break spaces.
      const editor = (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
      if (!new RegExp(`instance #${heading.split('#')[1]}`).test(editor) || !/app giving up/.test(editor))
        throw new Error(`editor: ${editor.slice(0, 300)}`);
    }).timeout(300_000);
  });

  describe('issue 19 §2: Debug Container… (palette -> image -> modal -> terminal -> ps)', () => {
    it('Debug Container… on debug-me: after the modal, a terminal whose ps lists the target app process', async () => {
      // The DOM renderer, so the terminal's text is in .xterm-rows (WebGL draws it on a canvas). Set through
      // VS Code's own settings editor: once VS Code has written settings.json, it ignores writes from outside.
      const userSettings = path.join(cs.dataDir, 'user/User/settings.json');
      const gpu = () =>
        (JSON.parse(fs.readFileSync(userSettings, 'utf8')) as Record<string, unknown>)[
          'terminal.integrated.gpuAcceleration'
        ];
      /** Line 2 of the user settings JSON: add ours there (typed braces would be auto-closed), or delete it. */
      const editUserSettings = async (add: boolean) => {
        await palette('Preferences: Open User Settings (JSON)');
        // The settings JSON may open as a modal editor (no tab): wait for its text.
        await page
          .locator('.monaco-editor .view-lines', { hasText: 'workbench.colorTheme' })
          .first()
          .waitFor({ timeout: 20_000 });
        await sleep(500);
        await page.keyboard.press('Control+Home');
        if (add) {
          await page.keyboard.press('End');
          await page.keyboard.press('Enter');
          await page.keyboard.insertText('"terminal.integrated.gpuAcceleration": "off",');
        } else {
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('Control+Shift+K');
        }
        await page.keyboard.press('Control+S');
        await until('the setting saved', 10_000, () => (gpu() === 'off') === add);
        await palette('View: Close Editor');
      };
      await editUserSettings(true);
      // An anatomy as the active editor would make the palette act on its pod: ask for the pod instead.
      await palette('View: Close All Editors');
      await sleep(500);
      await palette('Pod X-Ray: Debug Container…', 'debug-me');
      // The image picker: the node's busybox first (debug-me has one container, so no container picker).
      const list = page.locator('.quick-input-widget .quick-input-list');
      await until('the image picker', 30_000, async () => /busybox/.test(await list.innerText().catch(() => '')));
      say(`debug images: ${(await list.innerText()).replace(/\s+/g, ' ').slice(0, 200)}`);
      await page.keyboard.press('Enter');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 15_000 });
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      say(`debug modal: ${text.slice(0, 260)}`);
      if (!/cannot be removed/.test(text) || !/stays in the pod spec/.test(text)) throw new Error(text);
      await dialog.locator('.monaco-button', { hasText: 'Add Debug Container' }).first().click();
      const term = page.locator('.terminal-wrapper.active .xterm').first();
      await term.waitFor({ timeout: 120_000 });
      // xterm's DOM renderer draws spaces as no-break spaces: read them back as spaces.
      const screen = async () =>
        (
          await page
            .locator('.terminal-wrapper.active .xterm-rows')
            .first()
            .innerText()
            .catch(() => '')
        ).replace(/\u00a0/g, ' ');
      await until('the attached hint in the terminal', 60_000, async () =>
        /Attached to debugger-/.test(await screen()),
      );
      await term.click();
      await page.keyboard.type('ps');
      await page.keyboard.press('Enter');
      const out = await until('ps output with PID 1 in the terminal', 30_000, async () => {
        const t = await screen();
        return /^\s*1\s+root\s+\/bin\/sh/m.test(t) ? t : false;
      });
      // What the API says app runs; ps shows it as PID 1 (cut at the terminal's width).
      const pod = podJson('debug-me');
      const cmd = (pod.spec.containers?.find(c => c.name === 'app')?.command ?? []).join(' ');
      const shown = /^\s*1\s+root\s+(.*)$/m.exec(out)![1].trimEnd();
      say(`debug ps PID 1: "${shown}"; API: "${cmd}"`);
      if (shown.length < 20 || !cmd.startsWith(shown)) throw new Error(`ps shows "${shown}", the API says "${cmd}"`);
      const eph = (pod.spec.ephemeralContainers ?? []).filter(c => c.targetContainerName === 'app');
      if (!eph.length) throw new Error('no ephemeral container targeting app in the API');
      await shot('debug-01-terminal');
      // exit ends the shell, so the debug container; the terminal closes itself.
      await page.keyboard.type('exit');
      await page.keyboard.press('Enter');
      await until('the debug terminal closed', 30_000, async () => !(await page.locator('.xterm-rows').count()));
      await sleep(1000);
      await editUserSettings(false);
    }).timeout(300_000);
  });

  describe('the workbench page', () => {
    it('no uncaught errors in the workbench page', async () => {
      noUncaughtErrorsOfOurs();
    }).timeout(10_000);
  });
});
