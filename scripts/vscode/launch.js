// Start code-server (the real VS Code 1.139 workbench + Node extension host) on 127.0.0.1 with
// an isolated profile, and optionally headless Chromium on it. Shared by the integration shim,
// the e2e tests and `npm start`.
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function toolsEnv() {
  const cache = process.env.POD_XRAY_CACHE || '/var/cache/pod-xray';
  const envFile = path.join(cache, 'vscode-env.sh');
  const env = {};
  if (fs.existsSync(envFile)) {
    for (const m of fs.readFileSync(envFile, 'utf8').matchAll(/(\w+)=(\S+)/g)) env[m[1]] = m[2];
  }
  const CS_BIN = process.env.CS_BIN || env.CS_BIN,
    NODE24_BIN = process.env.NODE24_BIN || env.NODE24_BIN;
  if (!CS_BIN || !NODE24_BIN)
    throw new Error(`code-server is not provisioned: run scripts/provision-vscode.sh (looked in ${envFile})`);
  return { CS_BIN, NODE24_BIN, CHROMIUM: process.env.CHROMIUM || env.CHROMIUM || '/usr/bin/chromium' };
}

const freePort = () =>
  new Promise(r => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });

/**
 * opts: { port, settings, machineSettings, extensionsDir, devExtension (symlinked as an installed extension),
 *         smokeDriver (accept ?payload= test params), env, dataDir, log,
 *         workspaceTrust (true: trust is on, as for users; untrusted folders open in Restricted Mode),
 *         cwd (of code-server and so of its extension host, like `cd repo && code .`) }
 */
async function startCodeServer(opts = {}) {
  const { CS_BIN, NODE24_BIN } = toolsEnv();
  const DATA = opts.dataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'pod-xray-vscode-'));
  const port = opts.port || (await freePort());
  for (const d of ['user/User', 'extensions', 'tmp', 'xdg-config', 'xdg-data'])
    fs.mkdirSync(path.join(DATA, d), { recursive: true });
  const trust = opts.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {};
  fs.writeFileSync(
    path.join(DATA, 'user/User/settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...trust, ...(opts.settings || {}) }, null, 2),
  );
  // code-server's window is remote: machine-scoped settings (podXray.kubeconfig) live in its "Remote" (Machine) settings.
  if (opts.machineSettings) {
    fs.mkdirSync(path.join(DATA, 'user/Machine'), { recursive: true });
    fs.writeFileSync(path.join(DATA, 'user/Machine/settings.json'), JSON.stringify(opts.machineSettings, null, 2));
  }
  const extDir = opts.extensionsDir || path.join(DATA, 'extensions');
  if (opts.devExtension) {
    // An installed-extension folder that is our repo: what a user gets from the VSIX, live.
    const pkg = JSON.parse(fs.readFileSync(path.join(opts.devExtension, 'package.json'), 'utf8'));
    const link = path.join(extDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
    fs.rmSync(link, { force: true, recursive: true });
    fs.symlinkSync(path.resolve(opts.devExtension), link);
  }
  const args = [
    CS_BIN,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    path.join(DATA, 'user'),
    '--extensions-dir',
    extDir,
  ];
  if (!opts.workspaceTrust) args.push('--disable-workspace-trust');
  if (opts.smokeDriver) args.push('--vscode-option', 'enable-smoke-test-driver'); // without it the ?payload= test params are ignored
  if (opts.folder) args.push(opts.folder);
  const cs = spawn(NODE24_BIN, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
    cwd: opts.cwd,
    // The extension gallery points at a closed loopback port: nothing may leave this machine.
    env: {
      ...process.env,
      EXTENSIONS_GALLERY: JSON.stringify({
        serviceUrl: 'http://127.0.0.1:9/gallery',
        itemUrl: 'http://127.0.0.1:9/item',
      }),
      ...(opts.env || {}),
      XDG_CONFIG_HOME: path.join(DATA, 'xdg-config'),
      XDG_DATA_HOME: path.join(DATA, 'xdg-data'),
      TMPDIR: path.join(DATA, 'tmp'),
    },
  });
  const log = fs.createWriteStream(path.join(DATA, 'code-server.log'));
  cs.stdout.pipe(log);
  cs.stderr.pipe(log);
  await new Promise((resolve, reject) => {
    const to = setTimeout(
      () => reject(new Error(`code-server did not start in 90 s; see ${DATA}/code-server.log`)),
      90_000,
    );
    cs.stdout.on('data', d => {
      if (/HTTP server listening/.test(String(d))) {
        clearTimeout(to);
        resolve();
      }
    });
    cs.on('exit', c => {
      clearTimeout(to);
      reject(new Error(`code-server exited with ${c}; see ${DATA}/code-server.log`));
    });
  });
  const stop = async () => {
    if (cs.exitCode !== null) return;
    cs.kill('SIGTERM');
    await new Promise(r => {
      const to = setTimeout(() => {
        cs.kill('SIGKILL');
        r();
      }, 5000);
      cs.on('exit', () => {
        clearTimeout(to);
        r();
      });
    });
  };
  return { url: `http://127.0.0.1:${port}`, port, dataDir: DATA, process: cs, stop };
}

async function startBrowser(dataDir, viewport = { width: 1440, height: 900 }, colorScheme = 'dark') {
  const { chromium } = require('playwright-core');
  const { CHROMIUM } = toolsEnv();
  return chromium.launchPersistentContext(path.join(dataDir, 'chrome'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    colorScheme,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Copy a run's logs (code-server, extension host, browser console) to dest, for the secrets check. */
function keepLogs(dataDir, dest) {
  if (!dest) return;
  fs.mkdirSync(dest, { recursive: true });
  for (const f of ['code-server.log', 'browser-console.log'])
    if (fs.existsSync(path.join(dataDir, f))) fs.copyFileSync(path.join(dataDir, f), path.join(dest, f));
  const logs = path.join(dataDir, 'user', 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dest, 'vscode-logs'), { recursive: true });
}

module.exports = { startCodeServer, startBrowser, toolsEnv, freePort, keepLogs };
