// Integration tests through @vscode/test-electron's standard runTests. The executable is our
// code-server shim here; on a machine with desktop VS Code, VSCODE_EXECUTABLE can point at it.
const path = require('path');
const { runTests } = require('@vscode/test-electron');

const root = path.resolve(__dirname, '../..');
runTests({
  vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || path.join(__dirname, 'test-host.js'),
  extensionDevelopmentPath: root,
  extensionTestsPath: path.join(root, 'dist/test/integration/index.js'),
  launchArgs: [path.join(root, 'test/fixtures/workspace'), '--disable-extensions'],
  // POD_XRAY_* (kubeconfig paths, results file) reach the extension host's tests
  extensionTestsEnv: Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k.startsWith('POD_XRAY_') || k === 'KUBECTL_BIN'),
  ),
}).then(
  () => process.exit(0),
  e => {
    console.error('integration run failed:', e.message ?? e);
    process.exit(1);
  },
);
