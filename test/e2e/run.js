// End-to-end: the real VS Code workbench (code-server 1.139) in headless Chromium, with Pod X-Ray
// installed, against the real local cluster. Everything is read from the UI: tree rows, hover
// widgets, the quick input, the DOM inside the anatomy webview. Screenshots in POD_XRAY_SHOTS.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { startCodeServer, startBrowser, keepLogs } = require('../../scripts/vscode/launch');

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = process.env.POD_XRAY_SHOTS || path.join(ROOT, 'test-results/e2e');
const ADMIN = process.env.POD_XRAY_ADMIN_KUBECONFIG,
  RESTRICTED = process.env.POD_XRAY_RESTRICTED_KUBECONFIG;
const KUBECTL = process.env.KUBECTL_BIN,
  CLUSTER_SH = process.env.POD_XRAY_CLUSTER_SH;
fs.mkdirSync(SHOTS, { recursive: true });
const kubectl = (...a) =>
  execFileSync(KUBECTL, [`--kubeconfig=${ADMIN}`, ...a], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
const kubectlIn = (input, ...a) => execFileSync(KUBECTL, [`--kubeconfig=${ADMIN}`, ...a], { encoding: 'utf8', input });
const podJson = (n, ns = 'demo') => JSON.parse(kubectl('get', 'pod', n, '-n', ns, '-o', 'json'));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const t0 = Date.now();
const say = m => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const results = { passed: 0, failed: 0, skipped: 0 };
const cspWarnings = [];
let page, cs, ctx;

async function until(what, ms, f) {
  const start = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms: ${what}`);
    await sleep(200);
  }
}
class Skip extends Error {}
async function test(name, fn) {
  try {
    await fn();
    results.passed++;
    console.log(`  ✔ ${name}`);
  } catch (e) {
    if (e instanceof Skip) {
      results.skipped++;
      console.log(`  - ${name} (skipped: ${e.message})`);
      return;
    }
    results.failed++;
    console.log(
      `  ✘ ${name}\n      ${String((e && e.stack) || e)
        .split('\n')
        .slice(0, 4)
        .join('\n      ')}`,
    );
    const f = path.join(SHOTS, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
    await page?.screenshot({ path: f }).catch(() => {});
    console.log(`      screenshot: ${f}`);
  }
}
const shot = name => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const rows = () => page.locator('.sidebar .monaco-list-row');
const rowTexts = async () => (await rows().allInnerTexts()).map(s => s.replace(/\s+/g, ' ').trim());
const row = text => rows().filter({ hasText: text }).first();
async function rowText(label) {
  return (await row(label).innerText()).replace(/\s+/g, ' ').trim();
}
/** A tooltip left open by an earlier hover covers rows: close it before clicking. */
async function closeHovers() {
  await page.mouse.move(900, 700);
  if (
    await page
      .locator('.monaco-hover, .workbench-hover')
      .first()
      .isVisible()
      .catch(() => false)
  )
    await page.keyboard.press('Escape');
}
async function expand(label) {
  const r = row(label);
  await r.waitFor({ timeout: 30_000 });
  await closeHovers();
  if ((await r.getAttribute('aria-expanded')) === 'false') await r.click();
}
/** Wait until the command palette has given way to the command's own picker (empty input, visible). */
async function nextPicker() {
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
async function palette(command, pick) {
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
  if (pick) await nextPicker();
  if (pick) {
    // The next quick pick may load first (pods are fetched); then filter by typing, then accept.
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 20_000 });
    await page.keyboard.type(pick);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first().waitFor({ timeout: 20_000 });
    await sleep(300);
    await page.keyboard.press('Enter');
  }
}
/** Open a pod's anatomy as the only editor, so the webview read is the one just opened. */
async function openAnatomy(pod) {
  await palette('View: Close All Editors');
  await sleep(500);
  await palette('Pod X-Ray: Show Pod Anatomy', pod);
}
const webview = () => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
let WS;
/** Write a pod's status through the status subresource (what a kubelet does), with the admin token. */
function patchStatus(ns, name, status) {
  const https = require('https');
  const yaml = require('yaml');
  const kc = yaml.parse(fs.readFileSync(ADMIN, 'utf8'));
  const body = JSON.stringify({ status });
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(`/api/v1/namespaces/${ns}/pods/${name}/status`, kc.clusters[0].cluster.server),
      {
        method: 'PATCH',
        rejectUnauthorized: false,
        headers: {
          Authorization: `Bearer ${kc.users[0].user.token}`,
          'Content-Type': 'application/merge-patch+json',
        },
      },
      res => {
        let text = '';
        res.on('data', d => (text += d));
        res.on('end', () => (res.statusCode < 300 ? resolve(text) : reject(new Error(`${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
// podXray.kubeconfig is the user's own (machine-scoped, never from a workspace): code-server's Remote settings.
const settingsFile = () => path.join(cs.dataDir, 'user/Machine/settings.json');
function setSetting(k, v) {
  const s = JSON.parse(fs.readFileSync(settingsFile(), 'utf8'));
  if (v === undefined) delete s[k];
  else s[k] = v;
  fs.writeFileSync(settingsFile(), JSON.stringify(s, null, 2));
}

(async () => {
  if (!ADMIN || !KUBECTL) {
    console.log('e2e needs the local cluster (run through npm test)');
    results.skipped++;
    return;
  }
  // A throwaway workspace folder (the kubeconfig is set in the user's Remote settings: settingsFile()).
  const ws = (WS = fs.mkdtempSync(path.join(require('os').tmpdir(), 'pod-xray-e2e-ws-')));
  fs.mkdirSync(path.join(ws, '.vscode'));
  fs.writeFileSync(path.join(ws, 'README.md'), '# Pod X-Ray e2e workspace\n');
  cs = await startCodeServer({ devExtension: ROOT, folder: ws, machineSettings: { 'podXray.kubeconfig': ADMIN } });
  say(`code-server ${cs.url} (data ${cs.dataDir})`);
  ctx = await startBrowser(cs.dataDir);
  page = ctx.pages()[0] || (await ctx.newPage());
  const pageErrors = [];
  page.on('pageerror', e => pageErrors.push(String(e)));
  // The extension reports webview CSP violations on the extension host console (forwarded here).
  page.on('console', m => {
    if (/Pod X-Ray: the anatomy view blocked/.test(m.text())) cspWarnings.push(m.text());
  });
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(ws)}`);

  await test('the Pod X-Ray activity bar icon opens the Pods tree with the local context', async () => {
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
  });

  await test('scenario pods show a sandbox row first and the right container kinds', async () => {
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
  });

  await test("the crash-loop pod's restart count rises in the tree within 5 s of a real restart", async () => {
    kubectl('delete', 'pod', 'crashy', '-n', 'demo', '--grace-period=1', '--wait=true');
    // Only crashy: re-applying the whole file would try to undo other tests' in-place resize.
    const crashy = fs
      .readFileSync(path.join(ROOT, 'scripts/cluster/scenarios.yaml'), 'utf8')
      .split(/^---$/m)
      .find(d => /^kind: Pod$/m.test(d) && /^ {2}name: crashy$/m.test(d));
    kubectlIn(crashy, 'apply', '-f', '-');
    await row('crashy').waitFor({ timeout: 30_000 });
    const restarts = s => Number((/(\d+) restarts?/.exec(s) || [0, 0])[1]);
    await until('crashy to run', 60_000, async () =>
      (podJson('crashy').status.containerStatuses || []).some(c => c.name === 'app' && c.state.running),
    );
    const before = podJson('crashy').status.containerStatuses.find(c => c.name === 'app').restartCount;
    let apiAt = 0;
    await until('a real restart (kubectl)', 90_000, async () => {
      const rc = podJson('crashy').status.containerStatuses.find(c => c.name === 'app').restartCount;
      if (rc > before) {
        apiAt = Date.now();
        return true;
      }
      return false;
    });
    await until('the tree to show it (5 s)', 5_000, async () => restarts(await rowText('crashy')) > before);
    say(`tree updated ${Date.now() - apiAt} ms after kubectl saw the restart: ${await rowText('crashy')}`);
  });

  await test('hovering the sandbox row shows its explanation', async () => {
    await expand('crashy');
    const ip = podJson('crashy').status.podIP;
    const sb = rows().filter({ hasText: 'pause sandbox' }).filter({ hasText: ip }).first();
    await sb.waitFor({ timeout: 10_000 });
    await sb.hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'owns this pod' }).first();
    await hover.waitFor({ timeout: 15_000 });
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    say(`tooltip: ${text.slice(0, 160)}…`);
    if (!/keeps the IP 10\.244\.\d+\.\d+/.test(text)) throw new Error(text);
    await shot('03-tooltip-dark');
    await page.mouse.move(5, 5);
  });

  // ---- issue 15 (items 2, 9): cluster URLs in tooltips are text, not links; spaces stay breakable ----
  await test('a termination message with a URL: the tree tooltip shows it as text, no link, words whole', async () => {
    const url = 'http://127.0.0.1:1/x';
    const message = `the process keeps itself alive until ${url} answers; see www.example.com too`;
    kubectl('delete', 'pod', 'linky', '-n', 'demo', '--ignore-not-found', '--grace-period=0', '--force');
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
      (podJson('linky').status.containerStatuses || []).some(c => c.state.terminated),
    );
    try {
      await expand('linky');
      const c = row('linker');
      await until('the container row terminated', 30_000, async () =>
        /exit 3/.test(await c.innerText().catch(() => '')),
      );
      // A row redraw (the pod's status still settles) closes an open hover: hover again, up to 3 times.
      let read;
      for (let attempt = 1; !read; attempt++) {
        try {
          await page.mouse.move(900, 700);
          await c.hover();
          const hover = page
            .locator('.monaco-hover, .workbench-hover')
            .filter({ hasText: 'keeps itself alive' })
            .first();
          await hover.waitFor({ timeout: 10_000 });
          read = await hover.evaluate(el => ({
            text: el.innerText,
            links: [...el.querySelectorAll('a')].map(a => a.getAttribute('href') || a.dataset.href || ''),
            html: el.innerHTML,
          }));
        } catch (e) {
          if (attempt >= 3) throw e;
        }
      }
      const { text, links, html } = read;
      say(`tooltip links: ${JSON.stringify(links)}; text: ${text.replace(/\s+/g, ' ').slice(0, 160)}…`);
      await shot('03b-tooltip-url-as-text');
      await page.mouse.move(5, 5);
      if (!text.includes(message)) throw new Error(`the message is not shown verbatim: ${text}`);
      if (links.some(h => !/^https:\/\/kubernetes\.io\/docs\//.test(h)))
        throw new Error(`a link from the cluster: ${links}`);
      if (/&nbsp;|\u00a0/.test(html) || text.includes('\u00a0')) throw new Error('non-breaking spaces in the tooltip');
    } finally {
      kubectl('delete', 'pod', 'linky', '-n', 'demo', '--ignore-not-found', '--grace-period=0', '--force');
    }
  });
  // ---- end issue 15 (items 2, 9) ----

  await test('Show Pod Anatomy from the palette: sandbox IP and instances in the webview', async () => {
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
  });

  await test('after a real restart the new instance appears in the webview; the IP is unchanged', async () => {
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
  });

  await test('after the pause process is killed a new sandbox generation appears', async () => {
    const gen = webview().locator('.sb-gen');
    const g0 = await gen.innerText();
    const ip0 = await webview().locator('.ip-badge').innerText();
    execFileSync('bash', [CLUSTER_SH, 'kill-sandbox', 'crashy', 'demo']);
    await until('generation + 1', 90_000, async () => {
      const g = await gen.innerText();
      return Number(g.replace(/\D/g, '')) > Number(g0.replace(/\D/g, '')) ? g : false;
    });
    for (let i = 0; i < 3; i++) {
      await shot(`06-sandbox-recreated-${i}`);
      await sleep(300);
    }
    const tl = await webview().locator('.tl-sandbox-recreated').count();
    await until('the new IP', 60_000, async () => (await webview().locator('.ip-badge').innerText()) !== ip0);
    say(
      `sandbox: ${g0} -> ${await gen.innerText()}, ${ip0} -> ${await webview().locator('.ip-badge').innerText()}, ${tl} recreation step(s)`,
    );
    if (!tl) throw new Error('no sandbox-recreated step in the timeline');
  });

  await test('Crash… in the anatomy view asks first, then the new instance joins the same sandbox', async () => {
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
  });

  await test('Show Sandbox Processes: PID 1 /pause read back from the editor; the explanation elsewhere', async () => {
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
  });

  await test('a pod whose messages carry HTML and script shows them as plain text', async () => {
    const payload =
      '<img src=x onerror="parent.__pxr=1;window.__pxr=1"><script>window.__pxr=1</script>**bold** [run](command:workbench.action.quit)';
    kubectl('delete', 'pod', 'hostile', '-n', 'demo', '--ignore-not-found', '--grace-period=0', '--force');
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
      (podJson('hostile').status.containerStatuses || []).some(c => c.lastState.terminated || c.state.terminated),
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
  });

  await test('pods full of hostile strings: nothing executes, no CSP violation, the layout holds', async () => {
    let pods;
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
    if (!pods.length) throw new Skip('no hostile pods: the integration layer creates them');
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
          '#app img, #app iframe, #app form, #app link, #app meta, #app style, #app object, #app embed, #app a[href], ' +
            '#app svg:not([aria-hidden="true"]):not(.tl-svg)',
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
  });

  // ---- fix-webui steps (issue 15 items 3, 7, 10, 14): the anatomy page's cards --------------
  await test('webview: U+202E neutralised, message whole on click, back-off label steady, Previous only if one', async () => {
    await page.keyboard.press('Escape');
    const name = 'bidi-msg';
    const RLO = '\u202E';
    const tail = `${'x'.repeat(160)} END-OF-MESSAGE`;
    kubectl('delete', 'pod', name, '-n', 'ghost', '--ignore-not-found', '--grace-period=0', '--force', '--wait=true');
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
    const ago = s => new Date(Date.now() - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
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
      if (!/instance #4, container bebebebebebe/.test(label)) throw new Error(label);
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
      kubectl(
        'delete',
        'pod',
        name,
        '-n',
        'ghost',
        '--ignore-not-found',
        '--grace-period=0',
        '--force',
        '--wait=false',
      );
    }
  });

  await test('webview: Replay after "previous step" replays the whole timeline from its first step', async () => {
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
  });

  // ---- i16-webview steps (issues 16 and 20): the anatomy's SVG timeline against the API -------
  /** The chart's lanes, bars (aria-labels) and bands (titles), after Fit. */
  async function chartOf() {
    const svg = webview().locator('svg.tl-svg');
    await svg.waitFor({ timeout: 20_000 });
    await webview().locator('.chart-bar button', { hasText: 'Fit' }).click();
    await sleep(400);
    return {
      lanes: await svg.locator('.lane-label').evaluateAll(ts => ts.map(t => t.getAttribute('data-container'))),
      bars: await svg.locator('.bar').evaluateAll(bs => bs.map(b => b.getAttribute('aria-label'))),
      bands: await svg.locator('.band > title').evaluateAll(ts => ts.map(t => t.textContent)),
      current: await svg.locator('.band-current > title').evaluateAll(ts => ts.map(t => t.textContent)),
      markers: await svg.locator('.marker > title').evaluateAll(ts => ts.map(t => t.textContent)),
    };
  }
  /** What the API says the chart must hold: lanes in spec order (init first), each live instance's bar. */
  function expectedOf(pod) {
    const p = podJson(pod);
    const lanes = [...(p.spec.initContainers || []), ...p.spec.containers].map(c => c.name);
    const bars = [];
    for (const s of [...(p.status.initContainerStatuses || []), ...(p.status.containerStatuses || [])]) {
      if (s.state.running) bars.push(`${s.name} #${s.restartCount + 1} · running`);
      if (s.state.terminated) bars.push(`${s.name} #${s.restartCount + 1} · exit ${s.state.terminated.exitCode}`);
      if (s.lastState.terminated) bars.push(`${s.name} #${s.restartCount} · exit ${s.lastState.terminated.exitCode}`);
    }
    return { lanes, bars, ip: p.status.podIP };
  }
  /** Polls until the chart agrees with the API (both move while a pod crash-loops). */
  async function chartMatches(pod) {
    let last;
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
    say(
      `${pod}: lanes ${last.c.lanes.join(',')}; ${last.c.bars.length} bars; bands ${last.c.bands.join(' | ')}` +
        `${last.c.markers.length ? `; markers ${last.c.markers.join(' | ')}` : ''}`,
    );
    return last.c;
  }

  await test('webview timeline: crash loop: lanes, bars, back-off gaps and the sandbox band match the API', async () => {
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
  });

  await test('webview timeline: two containers in one sandbox (shared) and an init chain (web-init)', async () => {
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
  });

  await test('webview timeline: an init container that fails is drawn in red; the app lane stays empty', async () => {
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
          s => s.lastState.terminated || s.state.terminated,
        ),
      );
      await openAnatomy('init-fails');
      const c = await chartMatches('init-fails');
      if (c.bars.some(b => b.startsWith('web '))) throw new Error(`the app ran: ${c.bars}`);
      if (!(await webview().locator('svg.tl-svg .bar.outcome-error').count())) throw new Error('no red bar');
      await shot('23-timeline-init-fails');
    } finally {
      kubectl('delete', 'pod', 'init-fails', '-n', 'demo', '--ignore-not-found', '--grace-period=0', '--force');
    }
  });

  await test('webview timeline in dark, light and high-contrast themes (screenshots)', async () => {
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
  });
  // ---- end of i16-webview steps ---------------------------------------------------------------

  await test('Filter Pods: typed text + Enter filters; the namespace row says 1 of N and the filter', async () => {
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
  });

  await test('status bar: a selected namespace that is deleted is marked, not kept as if it existed', async () => {
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
  });
  // ---- end of fix-webui steps -----------------------------------------------------------------

  await test('dark and light theme screenshots of tree and anatomy', async () => {
    await openAnatomy('shared');
    await webview().locator('.ip-badge').waitFor({ timeout: 20_000 });
    await sleep(800);
    await shot('08-dark');
    for (const [theme, file] of [
      ['Light Modern', '09-light'],
      ['Dark High Contrast', '10-high-contrast'],
      ['Dark Modern', null],
    ]) {
      await palette('Preferences: Color Theme', theme);
      await sleep(2000);
      if (file) await shot(file);
    }
  });

  await test('hovering hostNetwork in a manifest shows the explanation in the editor hover', async () => {
    fs.copyFileSync(path.join(ROOT, 'test/fixtures/manifests/host-network.yaml'), path.join(WS, 'host-network.yaml'));
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
    await page.keyboard.type('host-network.yaml');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'host-network.yaml' })
      .first()
      .waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
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
  });

  await test('the restricted kubeconfig shows its namespace without error noise', async () => {
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
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Pod X-Ray: Select Namespace');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Pod X-Ray: Select Namespace' })
      .first()
      .click();
    await nextPicker();
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
    await page.keyboard.type('ghost');
    await sleep(300);
    await page.keyboard.press('Enter');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Pod X-Ray: Show Sandbox Processes');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Pod X-Ray: Show Sandbox Processes' })
      .first()
      .click();
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Forbidden' }).first();
    await toast.waitFor({ timeout: 20_000 });
    const refusal = (await toast.innerText()).replace(/\s+/g, ' ');
    say(`refusal: ${refusal.slice(0, 200)}`);
    if (!/ghost/.test(refusal) || !/pods/.test(refusal)) throw new Error(refusal);
    await shot('11b-restricted-refusal');
    await palette('Pod X-Ray: Select Namespace', 'demo');
    setSetting('podXray.kubeconfig', ADMIN);
    await row('pod-xray-local').waitFor({ timeout: 20_000 });
  });

  // ---- s4-ui steps (issues 19 §3 and 20): the anatomy's SVG of with-sidecar and restart-all against
  // the API; the "Troubled" filter from the palette against kubectl; the details side panel with an
  // instance's kept logs in dark, light and high-contrast themes. Self-contained: its helpers are below.
  {
    const podOf = name => JSON.parse(kubectl('get', 'pod', name, '-n', 'demo', '-o', 'json'));
    /** The open anatomy's chart, after Fit: lanes, bars (aria-labels), band titles, markers. */
    const s4Chart = async () => {
      const svg = webview().locator('svg.tl-svg');
      await svg.waitFor({ timeout: 20_000 });
      await webview().locator('.chart-bar button', { hasText: 'Fit' }).click();
      await sleep(400);
      const all = (sel, f) => svg.locator(sel).evaluateAll(f);
      return {
        lanes: await all('.lane-label', ts => ts.map(t => t.getAttribute('data-container'))),
        // Instances the model knows without start or end time: not drawn, counted on the lane ("+N").
        untimed: Object.fromEntries(
          await all('.lane-label', ts =>
            ts.map(t => [
              t.getAttribute('data-container'),
              Number(t.querySelector('.lane-untimed')?.textContent.trim() || 0),
            ]),
          ),
        ),
        bars: await all('.bar', bs => bs.map(b => b.getAttribute('aria-label'))),
        current: await all('.band-current > title', ts => ts.map(t => t.textContent)),
        markers: await all('.marker', ms => ms.map(m => m.getAttribute('class'))),
      };
    };
    /**
     * What the API says the chart must hold: a lane per container in spec order (init first); per container,
     * the current instance (#restartCount+1, when it started) and the last one (#restartCount) as bars, and
     * no bar numbered above restartCount+1; the current band labelled with the pod IP.
     */
    const s4Agrees = async pod => {
      let last;
      await until(`the chart of ${pod} to agree with the API`, 60_000, async () => {
        const p = podOf(pod);
        const c = await s4Chart();
        const lanes = [...(p.spec.initContainers || []), ...p.spec.containers].map(x => x.name);
        const problems = [];
        if (JSON.stringify(c.lanes) !== JSON.stringify(lanes)) problems.push(`lanes ${c.lanes} != ${lanes}`);
        for (const s of [...(p.status.initContainerStatuses || []), ...(p.status.containerStatuses || [])]) {
          const mine = c.bars.filter(b => b && b.startsWith(`${s.name} #`));
          const nums = mine.map(b => Number(/#(\d+)/.exec(b)[1]));
          const want = [];
          if (s.state.running || s.state.terminated) want.push(s.restartCount + 1);
          if (s.lastState.terminated) want.push(s.restartCount);
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
      }).catch(err => {
        throw new Error(`${err.message}: ${JSON.stringify(last)}`);
      });
      say(
        `${pod}: lanes ${last.c.lanes}; bars ${last.c.bars.join(' | ')}; band ${last.c.current}; ` +
          `untimed ${JSON.stringify(last.c.untimed)}`,
      );
      return last.c;
    };

    await test('s4: the anatomy of with-sidecar: lanes, bars and the IP band agree with the API', async () => {
      await openAnatomy('with-sidecar');
      const c = await s4Agrees('with-sidecar');
      const groups = await webview().locator('svg.tl-svg .group-label').allTextContents();
      if (!groups.some(g => /sidecar/i.test(g))) throw new Error(`no sidecar group: ${groups}`);
      if (!c.bars.some(b => b.startsWith('log-shipper #'))) throw new Error('the sidecar has no bar');
      await shot('30-timeline-with-sidecar');
    });

    await test('s4: the anatomy of restart-all, after a whole-pod restart: bars per container, a marker, same IP', async () => {
      const before = podOf('restart-all');
      const rc = s => (before.status.containerStatuses || []).find(x => x.name === s)?.restartCount ?? 0;
      kubectl('exec', '-n', 'demo', 'restart-all', '-c', 'worker', '--', 'touch', '/state/trigger');
      await until('the worker restarted (API)', 90_000, async () => {
        const w = (podOf('restart-all').status.containerStatuses || []).find(x => x.name === 'worker');
        return w && w.restartCount > rc('worker') && w.state.running;
      });
      await openAnatomy('restart-all');
      const c = await s4Agrees('restart-all');
      if (!c.markers.some(m => /marker-restart-all/.test(m))) throw new Error(`no restart-all marker: ${c.markers}`);
      if (podOf('restart-all').status.podIP !== before.status.podIP) throw new Error('the IP changed');
      await shot('31-timeline-restart-all');
    });

    /** Troubled by the badge's rule, judged from kubectl: crash-looping, OOMKilled, not ready with a warning. */
    const kubectlTroubled = () => {
      const pods = JSON.parse(kubectl('get', 'pods', '-n', 'demo', '-o', 'json')).items;
      const warn = JSON.parse(
        kubectl('get', 'events', '-n', 'demo', '--field-selector=type=Warning', '-o', 'json'),
      ).items;
      return pods
        .filter(p => !p.metadata.deletionTimestamp)
        .filter(p => {
          const sidecars = (p.spec.initContainers || []).filter(c => c.restartPolicy === 'Always').map(c => c.name);
          const all = [
            ...(p.status.initContainerStatuses || []).map(s => [s, sidecars.includes(s.name)]),
            ...(p.status.containerStatuses || []).map(s => [s, true]),
          ];
          return all.some(([s, regular]) => {
            if (s.state.waiting?.reason === 'CrashLoopBackOff') return true;
            const t = s.state.terminated;
            if (t && t.reason !== 'OOMKilled' && t.exitCode && s.restartCount > 0) return true;
            const end = t ?? s.lastState?.terminated;
            if (end?.reason === 'OOMKilled' && (t || !s.ready)) return true;
            if (!regular || s.ready || !s.state.running) return false;
            return warn.some(e => {
              if (e.involvedObject.uid !== p.metadata.uid) return false;
              const c = /\{([^}]+)\}$/.exec(e.involvedObject.fieldPath || '')?.[1];
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
          (r.getAttribute('aria-label') || r.innerText).replace(/^pod /, '').split(/[\s,]/)[0],
        ]),
      );
      const at = all.findIndex(([lv, t]) => lv === '2' && t === 'demo');
      const out = [];
      for (let i = at + 1; at >= 0 && i < all.length && all[i][0] !== '2' && all[i][0] !== '1'; i++)
        if (all[i][0] === '3') out.push(all[i][1]);
      return out.sort();
    };

    await test('s4: Show Only Troubled Pods from the palette lists the pods kubectl says are troubled', async () => {
      await palette('View: Close All Editors');
      await palette('Pod X-Ray: Show Only Troubled Pods');
      try {
        const title = page.locator('.pane-header .actions');
        // The title's actions show on hover only: the swapped button is there (attached), hidden or not.
        await title.locator('[aria-label^="Show All Pods"]').first().waitFor({ state: 'attached', timeout: 10_000 });
        await row('demo').waitFor({ timeout: 20_000 });
        let last;
        await until('the tree to list the troubled pods kubectl sees', 60_000, async () => {
          const want = kubectlTroubled();
          const got = await demoPodRows();
          last = { want, got };
          return want.length > 0 && JSON.stringify(want) === JSON.stringify(got);
        }).catch(err => {
          throw new Error(`${err.message}: ${JSON.stringify(last)}`);
        });
        say(`troubled in demo: ${last.got.join(', ')}`);
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
    });

    await test('s4: an instance with kept logs: the side panel shows its lines, in three themes; Open in editor', async () => {
      await openAnatomy('crashy');
      const kept = webview().locator('aside.details .kept-text');
      // Click the app's ended instances, newest first, until one shows its kept lines.
      await until('an app instance with kept logs', 120_000, async () => {
        await s4Chart();
        const bars = webview().locator('svg.tl-svg .bar.outcome-error');
        const labels = await bars.evaluateAll(bs => bs.map(b => b.getAttribute('aria-label')));
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
        ['Dark Modern', null],
      ]) {
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
    });
  }
  // ---- end of s4-ui steps ---------------------------------------------------------------------

  await test('no uncaught errors in the workbench page', async () => {
    const ours = pageErrors.filter(e => /pod-xray|podXray|anatomy/i.test(e));
    if (ours.length) throw new Error(ours.join('\n'));
  });
})()
  .catch(async e => {
    results.failed++;
    console.log('e2e crashed:', e);
    await page?.screenshot({ path: path.join(SHOTS, 'FAILED-crash.png') }).catch(() => {});
  })
  .finally(async () => {
    try {
      kubectl(
        'delete',
        'pod',
        'hostile',
        '-n',
        'demo',
        '--ignore-not-found',
        '--grace-period=0',
        '--force',
        '--wait=false',
      );
    } catch {
      /* the cluster may already be gone */
    }
    await ctx?.close().catch(() => {});
    await cs?.stop();
    if (cs) keepLogs(cs.dataDir, process.env.POD_XRAY_LOGS && path.join(process.env.POD_XRAY_LOGS, 'e2e'));
    console.log(`e2e: ${results.passed} passed, ${results.failed} failed`);
    if (process.env.POD_XRAY_RESULTS) fs.writeFileSync(process.env.POD_XRAY_RESULTS, JSON.stringify(results));
    process.exit(results.failed ? 1 : 0);
  });
