// Serve the real VS Code with Pod X-Ray installed (a link to this repo) on 127.0.0.1 until Ctrl-C.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startCodeServer } = require('./launch');

(async () => {
  const root = path.resolve(__dirname, '../..');
  const dataDir = path.join(os.homedir(), '.pod-xray-dev'); // keeps your layout and history between runs
  fs.mkdirSync(dataDir, { recursive: true });
  const settings = process.env.POD_XRAY_START_KUBECONFIG
    ? { 'podXray.kubeconfig': process.env.POD_XRAY_START_KUBECONFIG }
    : {};
  const cs = await startCodeServer({
    port: Number(process.env.PORT || 8080),
    dataDir,
    devExtension: root,
    machineSettings: process.env.POD_XRAY_START_KUBECONFIG ? settings : undefined,
    folder: root,
  });
  console.log(
    `\n  Pod X-Ray is running in the real VS Code at  ${cs.url}/?folder=${encodeURIComponent(root)}\n  Open it in your browser and click the Pod X-Ray icon in the activity bar. Ctrl-C stops it.\n`,
  );
  const stop = async () => {
    await cs.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  cs.process.on('exit', c => {
    console.log(`code-server exited (${c}); log: ${dataDir}/code-server.log`);
    process.exit(c ?? 1);
  });
})().catch(e => {
  console.error(e.message ?? e);
  process.exit(1);
});
