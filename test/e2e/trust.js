// Workspace trust, end to end: the real workbench (code-server) WITH workspace trust on, a hostile
// folder opened in Restricted Mode ("No, I don't trust the authors"). Its .vscode/settings.json
// names a kubeconfig in the folder whose exec credential plugin touches a marker file. Opening a
// YAML file, the Pod X-Ray view, an absolute and a relative path, and the user's own setting naming
// a kubeconfig inside the untrusted folder: no marker may appear, and the UI must say why.
// Last, trusting the folder lets the user's own choice work (the plugin runs: the test can fail).
// Needs no cluster: the kubeconfigs point at a closed loopback port.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startCodeServer, startBrowser, keepLogs } = require('../../scripts/vscode/launch');

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = process.env.POD_XRAY_SHOTS || path.join(ROOT, 'test-results/e2e');
fs.mkdirSync(SHOTS, { recursive: true });
const sleep = ms => new Promise(r => setTimeout(r, ms));
const t0 = Date.now();
const say = m => console.log(`[trust ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const results = { passed: 0, failed: 0, skipped: 0 };
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
async function test(name, fn) {
  try {
    await fn();
    results.passed++;
    console.log(`  ✔ ${name}`);
  } catch (e) {
    results.failed++;
    console.log(
      `  ✘ ${name}\n      ${String((e && e.stack) || e)
        .split('\n')
        .slice(0, 4)
        .join('\n      ')}`,
    );
    const f = path.join(SHOTS, `FAILED-trust-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
    await page?.screenshot({ path: f }).catch(() => {});
    console.log(`      screenshot: ${f}`);
  }
}
const shot = name => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const rowTexts = async () =>
  (await page.locator('.sidebar .monaco-list-row').allInnerTexts()).map(s => s.replace(/\s+/g, ' ').trim());
const toastTexts = async () =>
  (await page.locator('.notifications-toasts .notification-toast').allInnerTexts()).map(s => s.replace(/\s+/g, ' '));

// ---- the hostile folder ------------------------------------------------------------------------
const MARKS = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-xray-trust-marks-'));
const WS = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-xray-trust-ws-'));
const mark = name => path.join(MARKS, name);
const credential = JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  kind: 'ExecCredential',
  status: { token: 'hostile' },
});
/** A kubeconfig whose exec plugin leaves a marker file: proof that we ran the workspace's program. */
function hostileKubeconfig(file, marker) {
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'current-context: hostile',
    'clusters: [{name: hostile, cluster: {server: "https://127.0.0.1:9", insecure-skip-tls-verify: true}}]',
    'contexts: [{name: hostile, context: {cluster: hostile, user: hostile}}]',
    'users:',
    '- name: hostile',
    '  user:',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1beta1',
    '      command: /bin/sh',
    `      args: ["-c", ${JSON.stringify(`touch ${marker}; echo '${credential}'`)}]`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(WS, file), yaml);
}
hostileKubeconfig('hostile.kubeconfig', mark('absolute'));
hostileKubeconfig('relative.kubeconfig', mark('relative'));
hostileKubeconfig('users-own.kubeconfig', mark('users-own'));
fs.mkdirSync(path.join(WS, '.vscode'));
const wsSettings = path.join(WS, '.vscode/settings.json');
fs.writeFileSync(wsSettings, JSON.stringify({ 'podXray.kubeconfig': path.join(WS, 'hostile.kubeconfig') }, null, 2));
fs.writeFileSync(
  path.join(WS, 'pod.yaml'),
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers:\n    - name: app\n      image: busybox\n',
);
const marked = () => fs.readdirSync(MARKS);
function noMarker(name) {
  if (marked().includes(name)) throw new Error(`Pod X-Ray ran the exec plugin of ${name}: markers ${marked()}`);
}
/** Real time for a would-be session to run its plugin (it does within ~200 ms on the old code). */
const settle = () => sleep(4000);

async function paletteRun(command) {
  await page.keyboard.press('F1');
  const qi = page.locator('.quick-input-widget input');
  await qi.waitFor({ timeout: 10_000 });
  await qi.fill(`>${command}`);
  const items = page.locator('.quick-input-list .monaco-list-row', { hasText: command });
  await items.first().waitFor({ timeout: 10_000 });
  await items.first().click();
}

(async () => {
  // The user's settings start without podXray.kubeconfig and without $KUBECONFIG: only the
  // workspace offers one. cwd = the folder, like `cd repo && code .` (relative paths would land here).
  const env = { KUBECONFIG: path.join(MARKS, 'no-such-kubeconfig') };
  cs = await startCodeServer({
    devExtension: ROOT,
    folder: WS,
    workspaceTrust: true,
    cwd: WS,
    env,
    machineSettings: {},
  });
  // The user's own settings for a machine-scoped key: code-server's "Remote" (Machine) settings.
  const userSettings = path.join(cs.dataDir, 'user/Machine/settings.json');
  say(`code-server ${cs.url} (data ${cs.dataDir}), workspace ${WS}`);
  ctx = await startBrowser(cs.dataDir);
  page = ctx.pages()[0] || (await ctx.newPage());
  const pageErrors = [];
  page.on('pageerror', e => pageErrors.push(String(e)));
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(WS)}`);

  await test('the folder opens in Restricted Mode (trust not granted)', async () => {
    // Where the workbench asks, answer "No"; code-server opens an untrusted folder restricted at once.
    const no = page.getByRole('button', { name: /No, I don.t trust the authors/ });
    await page.locator('.statusbar').waitFor({ timeout: 90_000 });
    if (await no.isVisible().catch(() => false)) await no.click();
    await until('the Restricted Mode indicator', 30_000, async () =>
      /Restricted Mode/.test(
        await page
          .locator('.statusbar')
          .innerText()
          .catch(() => ''),
      ),
    );
    await shot('trust-01-restricted-mode');
  });

  await test('opening a YAML file runs nothing from the workspace', async () => {
    await page.keyboard.press('Control+P');
    const qi = page.locator('.quick-input-widget input');
    await qi.waitFor({ timeout: 10_000 });
    await qi.fill('pod.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'pod.yaml' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: 'pod.yaml' }).first().waitFor({ timeout: 20_000 });
    await settle();
    noMarker('absolute');
  });

  await test('the Pod X-Ray view runs nothing and says the workspace setting was ignored', async () => {
    const icon = page.locator('.activitybar [aria-label^="Pod X-Ray"]').first();
    await icon.waitFor({ timeout: 30_000 });
    await icon.click();
    const text = await until('a row explaining the ignored workspace setting', 30_000, async () => {
      const t = (await rowTexts()).join('\n');
      return /podXray\.kubeconfig: the value from this workspace \(\.vscode\/settings\.json\) was ignored/.test(t) && t;
    });
    say(`rows: ${JSON.stringify(text)}`);
    say(`toasts: ${JSON.stringify(await toastTexts())}`);
    await settle();
    await shot('trust-02-restricted-ignored-setting');
    noMarker('absolute');
  });

  await test('a relative workspace path (resolving against the cwd) runs nothing either', async () => {
    fs.writeFileSync(wsSettings, JSON.stringify({ 'podXray.kubeconfig': 'relative.kubeconfig' }, null, 2));
    await settle();
    await paletteRun('Pod X-Ray: Refresh');
    await settle();
    noMarker('relative');
    const t = (await rowTexts()).join('\n');
    if (!/podXray\.kubeconfig: the value from this workspace \(\.vscode\/settings\.json\) was ignored/.test(t))
      throw new Error(`rows: ${t}`);
  });

  await test("the user's own setting naming a kubeconfig inside the untrusted folder is not used", async () => {
    const s = JSON.parse(fs.readFileSync(userSettings, 'utf8'));
    s['podXray.kubeconfig'] = path.join(WS, 'users-own.kubeconfig');
    fs.writeFileSync(userSettings, JSON.stringify(s, null, 2));
    const text = await until('a row saying the file is inside the untrusted workspace', 30_000, async () => {
      const t = (await rowTexts()).join('\n');
      return /users-own\.kubeconfig.*not trusted/i.test(t) && t;
    });
    say(`rows: ${JSON.stringify(text)}`);
    await settle();
    await shot('trust-03-restricted-users-own-in-workspace');
    noMarker('users-own');
  });

  await test("once the folder is trusted, the user's own kubeconfig works, exec plugin included", async () => {
    await paletteRun('Workspaces: Manage Workspace Trust');
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust/ }).first();
    await trust.waitFor({ timeout: 20_000 });
    await trust.click();
    await until('the plugin of the user-chosen kubeconfig to run', 30_000, () => marked().includes('users-own'));
    // Trusted or not, a workspace value is never used.
    if (marked().some(m => m !== 'users-own')) throw new Error(`ran: ${marked().join(', ')}`);
    await shot('trust-04-trusted');
  });

  await test('no uncaught errors in the workbench page', async () => {
    const ours = pageErrors.filter(e => /pod-xray|podXray|anatomy/i.test(e));
    if (ours.length) throw new Error(ours.join('\n'));
  });
})()
  .catch(async e => {
    results.failed++;
    console.log('trust e2e crashed:', e);
    await page?.screenshot({ path: path.join(SHOTS, 'FAILED-trust-crash.png') }).catch(() => {});
  })
  .finally(async () => {
    await ctx?.close().catch(() => {});
    await cs?.stop();
    if (cs) keepLogs(cs.dataDir, process.env.POD_XRAY_LOGS && path.join(process.env.POD_XRAY_LOGS, 'e2e-trust'));
    console.log(`e2e trust: ${results.passed} passed, ${results.failed} failed`);
    if (process.env.POD_XRAY_RESULTS) fs.writeFileSync(process.env.POD_XRAY_RESULTS, JSON.stringify(results));
    process.exit(results.failed ? 1 : 0);
  });
