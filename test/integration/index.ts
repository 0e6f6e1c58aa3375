// Entry point the real VS Code extension host calls (extensionTestsPath). Runs every
// *.test.js beside it with mocha and writes the counts for the runner.
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.POD_XRAY_GREP) mocha.grep(process.env.POD_XRAY_GREP);
  for (const f of fs
    .readdirSync(__dirname)
    .filter(f => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, f));
  // Any unhandled rejection from Pod X-Ray fails the suite (the issue: "fail the suite on any").
  const rejections: string[] = [];
  const onRejection = (r: unknown) => {
    const t = String((r as Error)?.stack ?? r);
    if (/pod-xray|dist\/extension\.js|podXray/i.test(t)) rejections.push(t);
  };
  process.on('unhandledRejection', onRejection);
  const results = process.env.POD_XRAY_RESULTS;
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run(failures => {
      process.off('unhandledRejection', onRejection);
      if (rejections.length) {
        console.error(`unhandled rejections from Pod X-Ray:\n${rejections.join('\n')}`);
        failures += 1;
      } else console.log('unhandled rejections from Pod X-Ray: 0');
      const s = runner.stats
        ? { ...runner.stats, failures: runner.stats.failures + (rejections.length ? 1 : 0) }
        : { passes: 0, failures, pending: 0 };
      if (results)
        fs.writeFileSync(results, JSON.stringify({ passed: s.passes, failed: s.failures, skipped: s.pending }));
      if (failures) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
