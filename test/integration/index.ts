// Entry point the real VS Code extension host calls (extensionTestsPath). Runs every
// *.test.js beside it with mocha and writes the counts for the runner.
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.POD_XRAY_GREP) mocha.grep(process.env.POD_XRAY_GREP);
  for (const f of fs.readdirSync(__dirname).filter(f => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  const results = process.env.POD_XRAY_RESULTS;
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run(failures => {
      const s = runner.stats ?? { passes: 0, failures, pending: 0 };
      if (results) fs.writeFileSync(results, JSON.stringify({ passed: s.passes, failed: s.failures, skipped: s.pending }));
      if (failures) reject(new Error(`${failures} integration test(s) failed`)); else resolve();
    });
  });
}
