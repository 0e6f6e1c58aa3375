#!/usr/bin/env node
// A "VS Code executable" for @vscode/test-electron's runTests: it takes the same CLI
// (--extensionDevelopmentPath=, --extensionTestsPath=, folder) and runs the suite inside
// code-server's real Node extension host, with headless Chromium as the UI.
// The workbench calls window.codeAutomationExit(code) when the test host ends.
const fs = require('fs');
const path = require('path');
const util = require('util');
const { startCodeServer, startBrowser, keepLogs } = require('./launch');

const argv = process.argv.slice(2);
const opt = n => argv.filter(x => x.startsWith(`--${n}=`)).map(x => path.resolve(x.slice(n.length + 3)));
const devPaths = opt('extensionDevelopmentPath');
const testsPath = opt('extensionTestsPath')[0];
const folder = argv.filter(a => !a.startsWith('-')).map(p => path.resolve(p))[0];
const TIMEOUT = +(process.env.TEST_TIMEOUT_MS || 600_000);
if (!devPaths.length || !testsPath) {
  console.error('need --extensionDevelopmentPath= and --extensionTestsPath=');
  process.exit(2);
}

(async () => {
  const t0 = Date.now();
  const settings = process.env.POD_XRAY_TEST_SETTINGS ? JSON.parse(process.env.POD_XRAY_TEST_SETTINGS) : {};
  const cs = await startCodeServer({ smokeDriver: true, settings });
  const say = m => console.log(`[test-host ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  say(`code-server on ${cs.url} (data ${cs.dataDir})`);
  const ctx = await startBrowser(cs.dataDir);
  let code = 1;
  try {
    const page = ctx.pages()[0] || (await ctx.newPage());
    const exited = new Promise(resolve => {
      page.exposeFunction('codeAutomationExit', c => resolve(c));
      page.exposeFunction('codeAutomationLog', () => {});
    });
    // The extension host's console reaches the page console as ('%c INFO', css, fmt, ...args).
    page.on('console', async m => {
      let args;
      try {
        args = await Promise.all(m.args().map(a => a.jsonValue()));
      } catch {
        args = [m.text()];
      }
      if (typeof args[0] === 'string' && args[0].startsWith('%c')) args = args.slice(2);
      const line = util.format(...args);
      fs.appendFileSync(path.join(cs.dataDir, 'browser-console.log'), `${m.type()} ${line}\n`);
      if (process.env.VERBOSE) console.log(`  [${m.type()}] ${line}`);
      else if (
        /^\[[A-Za-z][\w:. -]*\]/.test(line) ||
        /\/static\/out\/vs\/|^(Failed to load resource|An iframe|The web worker)/.test(line)
      )
        return;
      else if (m.type() === 'log' || m.type() === 'error') console.log(line);
    });
    const remote = p => `vscode-remote://127.0.0.1:${cs.port}${p}`;
    const payload = [
      ...devPaths.map(p => ['extensionDevelopmentPath', remote(p)]),
      ['extensionTestsPath', remote(testsPath)],
      ['skipWelcome', 'true'],
    ];
    const q =
      (folder ? `folder=${encodeURIComponent(folder)}&` : 'ew=true&') +
      `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(`${cs.url}/?${q}`);
    say('workbench loading; the extension host runs the tests');
    code = await Promise.race([exited, new Promise(r => setTimeout(() => r('timeout'), TIMEOUT))]);
    if (code === 'timeout') {
      say(`TIMEOUT after ${TIMEOUT} ms`);
      await page.screenshot({ path: path.join(cs.dataDir, 'timeout.png') });
      code = 1;
    }
    say(`extension host exited with code ${code}`);
  } catch (e) {
    console.error(e);
    code = 1;
  } finally {
    await ctx.close().catch(() => {});
    await cs.stop();
    keepLogs(cs.dataDir, process.env.POD_XRAY_LOGS && path.join(process.env.POD_XRAY_LOGS, `host-${Date.now()}`));
    if (code === 0 && !process.env.KEEP_DATA) fs.rmSync(cs.dataDir, { recursive: true, force: true });
    else console.log(`[test-host] kept ${cs.dataDir} (code-server.log, browser-console.log)`);
  }
  process.exit(code);
})().catch(e => {
  console.error(e);
  process.exit(1);
});
