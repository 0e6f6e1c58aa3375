// The VSIX: exactly the bundles, media and docs (no node_modules, sources, maps or tests), and
// a real VS Code (code-server 1.139) installs it. Prints "N passed, N failed".
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { toolsEnv } = require('../../scripts/vscode/launch');

const ROOT = path.resolve(__dirname, '../..');
const VSIX = path.join(ROOT, 'dist/pod-xray.vsix');
let passed = 0,
  failed = 0;
const check = (ok, what) => {
  console.log(`  ${ok ? '✔' : '✘'} ${what}`);
  if (ok) passed++;
  else failed++;
};

const list = execFileSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' }).trim().split('\n').sort();
const expected = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/dist/extension.js',
  'extension/dist/webview/anatomy.js',
  'extension/media/activity.svg',
  'extension/media/anatomy/anatomy.css',
  'extension/media/demo/recorded.jsonl.gz',
  'extension/media/walkthrough/crash.svg',
  'extension/media/walkthrough/join.svg',
  'extension/media/walkthrough/keep-ip.svg',
  'extension/media/walkthrough/new-container.svg',
  'extension/media/walkthrough/new-sandbox.svg',
  'extension/media/walkthrough/sandbox.svg',
  'extension/media/pod-xray.png',
  'extension/package.json',
  'extension/package.nls.json',
  'extension/l10n/bundle.l10n.json',
  'extension/readme.md',
].sort();
check(
  JSON.stringify(list) === JSON.stringify(expected),
  `content list is exactly the bundles, media and docs (${list.length} files)`,
);
if (JSON.stringify(list) !== JSON.stringify(expected)) console.log('    got:', list.join(', '));
check(
  !list.some(f => /node_modules|\.map$|\/src\/|\/test\//.test(f)),
  'no node_modules, sources, source maps or tests',
);
const pkg = JSON.parse(execFileSync('unzip', ['-p', VSIX, 'extension/package.json'], { encoding: 'utf8' }));
check(
  /^\^1\.(\d+)\./.test(pkg.engines.vscode) && Number(/^\^1\.(\d+)/.exec(pkg.engines.vscode)[1]) <= 139,
  `engines.vscode ${pkg.engines.vscode} accepts VS Code 1.139`,
);
const js = execFileSync('unzip', ['-p', VSIX, 'extension/dist/extension.js'], {
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
check(!/\n\s{4,}\S/.test(js.slice(0, 20000)), 'the extension bundle is minified');

const { CS_BIN, NODE24_BIN } = toolsEnv();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-xray-vsix-'));
const env = { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'cfg'), XDG_DATA_HOME: path.join(tmp, 'data') };
const cs = (...a) =>
  execFileSync(
    NODE24_BIN,
    [CS_BIN, '--user-data-dir', path.join(tmp, 'user'), '--extensions-dir', path.join(tmp, 'ext'), ...a],
    { encoding: 'utf8', env },
  );
try {
  cs('--install-extension', VSIX);
  const installed = cs('--list-extensions', '--show-versions');
  check(
    installed.includes(`${pkg.publisher}.${pkg.name}@${pkg.version}`),
    `code-server ${cs('--version').split('\n')[0].trim()} installs it: ${installed.trim()}`,
  );
} catch (e) {
  check(false, `install into code-server: ${e.message}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
if (process.env.POD_XRAY_RESULTS)
  fs.writeFileSync(process.env.POD_XRAY_RESULTS, JSON.stringify({ passed, failed, skipped: 0 }));
process.exit(failed ? 1 : 0);
