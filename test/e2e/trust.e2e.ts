// Workspace trust, end to end: the real workbench (code-server) WITH workspace trust on, a hostile
// folder opened in Restricted Mode ("No, I don't trust the authors"). Its .vscode/settings.json
// names a kubeconfig in the folder whose exec credential plugin touches a marker file. Opening a
// YAML file, the Pod X-Ray view, an absolute and a relative path, and the user's own setting naming
// a kubeconfig inside the untrusted folder: no marker may appear, and the UI must say why.
// Last, trusting the folder lets the user's own choice work (the plugin runs: the test can fail).
// Needs no cluster: the kubeconfigs point at a closed loopback port.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  cs,
  noUncaughtErrorsOfOurs,
  page,
  palette,
  quickOpen,
  rowTexts,
  say,
  shot,
  sleep,
  toastTexts,
  until,
  useWorkbench,
} from './workbench';

// ---- the hostile folder ------------------------------------------------------------------------
const MARKS = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-xray-trust-marks-'));
const WS = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-xray-trust-ws-'));
const mark = (name: string) => path.join(MARKS, name);
const credential = JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  kind: 'ExecCredential',
  status: { token: 'hostile' },
});
/** A kubeconfig whose exec plugin leaves a marker file: proof that we ran the workspace's program. */
function hostileKubeconfig(file: string, marker: string) {
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
const wsSettings = path.join(WS, '.vscode/settings.json');
function hostileFolder() {
  hostileKubeconfig('hostile.kubeconfig', mark('absolute'));
  hostileKubeconfig('relative.kubeconfig', mark('relative'));
  hostileKubeconfig('users-own.kubeconfig', mark('users-own'));
  fs.mkdirSync(path.join(WS, '.vscode'));
  fs.writeFileSync(wsSettings, JSON.stringify({ 'podXray.kubeconfig': path.join(WS, 'hostile.kubeconfig') }, null, 2));
  fs.writeFileSync(
    path.join(WS, 'pod.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers:\n    - name: app\n      image: busybox\n',
  );
}
const marked = () => fs.readdirSync(MARKS);
function noMarker(name: string) {
  if (marked().includes(name)) throw new Error(`Pod X-Ray ran the exec plugin of ${name}: markers ${marked()}`);
}
/** Real time for a would-be session to run its plugin (it does within ~200 ms on the old code). */
const settle = () => sleep(4000);
const ignoredWorkspaceSetting =
  /podXray\.kubeconfig: the value from this workspace \(\.vscode\/settings\.json\) was ignored/;

describe('e2e-trust: a hostile folder in Restricted Mode', function () {
  this.timeout(120_000);
  useWorkbench({
    name: 'e2e-trust',
    failedPrefix: 'trust-',
    folder: () => WS,
    // The user's settings start without podXray.kubeconfig and without $KUBECONFIG: only the
    // workspace offers one. cwd = the folder, like `cd repo && code .` (relative paths would land here).
    codeServer: () => {
      hostileFolder();
      say(`workspace ${WS}`);
      const env = { KUBECONFIG: path.join(MARKS, 'no-such-kubeconfig') };
      return { folder: WS, workspaceTrust: true, cwd: WS, env, machineSettings: {} };
    },
  });

  it('the folder opens in Restricted Mode (trust not granted)', async () => {
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
  }).timeout(180_000);

  it('opening a YAML file runs nothing from the workspace', async () => {
    await quickOpen('pod.yaml');
    await page.locator('.tab', { hasText: 'pod.yaml' }).first().waitFor({ timeout: 20_000 });
    await settle();
    noMarker('absolute');
  }).timeout(90_000);

  it('the Pod X-Ray view runs nothing and says the workspace setting was ignored', async () => {
    const icon = page.locator('.activitybar [aria-label^="Pod X-Ray"]').first();
    await icon.waitFor({ timeout: 30_000 });
    await icon.click();
    const text = await until('a row explaining the ignored workspace setting', 30_000, async () => {
      const t = (await rowTexts()).join('\n');
      return ignoredWorkspaceSetting.test(t) && t;
    });
    say(`rows: ${JSON.stringify(text)}`);
    say(`toasts: ${JSON.stringify(await toastTexts())}`);
    await settle();
    await shot('trust-02-restricted-ignored-setting');
    noMarker('absolute');
  }).timeout(120_000);

  it('a relative workspace path (resolving against the cwd) runs nothing either', async () => {
    fs.writeFileSync(wsSettings, JSON.stringify({ 'podXray.kubeconfig': 'relative.kubeconfig' }, null, 2));
    await settle();
    await palette('Pod X-Ray: Refresh');
    await settle();
    noMarker('relative');
    const t = (await rowTexts()).join('\n');
    if (!ignoredWorkspaceSetting.test(t)) throw new Error(`rows: ${t}`);
  }).timeout(90_000);

  it("the user's own setting naming a kubeconfig inside the untrusted folder is not used", async () => {
    // The user's own settings for a machine-scoped key: code-server's "Remote" (Machine) settings.
    const userSettings = path.join(cs.dataDir, 'user/Machine/settings.json');
    const s = JSON.parse(fs.readFileSync(userSettings, 'utf8')) as Record<string, unknown>;
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
  }).timeout(90_000);

  it("once the folder is trusted, the user's own kubeconfig works, exec plugin included", async () => {
    await palette('Workspaces: Manage Workspace Trust');
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust/ }).first();
    await trust.waitFor({ timeout: 20_000 });
    await trust.click();
    await until('the plugin of the user-chosen kubeconfig to run', 30_000, () => marked().includes('users-own'));
    // Trusted or not, a workspace value is never used.
    if (marked().some(m => m !== 'users-own')) throw new Error(`ran: ${marked().join(', ')}`);
    await shot('trust-04-trusted');
  }).timeout(120_000);

  it('no uncaught errors in the workbench page', async () => {
    noUncaughtErrorsOfOurs();
  }).timeout(10_000);
});
