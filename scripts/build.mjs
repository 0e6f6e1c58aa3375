// esbuild: the extension host bundle (CJS, node, `vscode` external), the webview bundle
// (browser IIFE) and the test bundles. `--production` minifies for the VSIX.
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const files = (dir, re) =>
  readdirSync(dir).flatMap(f => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, re) : re.test(f) ? [p] : [];
  });
// BENCH_PROFILE keeps names in the production bundle, so a bench CPU profile reads as our functions.
const keepNames = production && !!process.env.BENCH_PROFILE;
const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  ...(keepNames ? { minifyIdentifiers: false } : {}),
  logLevel: 'warning',
  legalComments: 'none',
};
const node = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // client-node is ESM with optional deps we never load in the extension host
  mainFields: ['module', 'main'],
};

const builds = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['media/anatomy/main.ts'],
    outfile: 'dist/webview/anatomy.js',
  },
];
if (!production) {
  builds.push(
    // unit tests: one file per spec, run by plain mocha on Node
    { ...node, entryPoints: files('test/unit', /\.test\.ts$/), outdir: 'dist/test/unit', outbase: 'test/unit' },
    // benchmarks (npm run bench): Node side and the extension-host side
    { ...node, entryPoints: ['bench/bench.ts', 'bench/heap.ts'], outdir: 'dist/bench', outbase: 'bench' },
    {
      ...node,
      external: ['vscode', 'playwright-core'],
      entryPoints: ['bench/timeline.ts'],
      outfile: 'dist/bench/timeline.js',
    },
    { ...node, entryPoints: ['bench/host/index.ts'], outfile: 'dist/bench/host/index.js' },
    // cluster tests: plain mocha on Node against the running local cluster
    {
      ...node,
      entryPoints: files('test/cluster', /\.test\.ts$/),
      outdir: 'dist/test/cluster',
      outbase: 'test/cluster',
    },
    // integration tests: run inside the real extension host; mocha resolves from node_modules
    {
      ...node,
      external: ['vscode', 'mocha'],
      entryPoints: files('test/integration', /\.ts$/),
      outdir: 'dist/test/integration',
      outbase: 'test/integration',
    },
    // e2e suites: plain mocha on Node, driving code-server in headless Chromium (playwright-core)
    {
      ...node,
      external: ['vscode', 'mocha', 'playwright-core'],
      entryPoints: files('test/e2e', /\.e2e\.ts$/),
      outdir: 'dist/test/e2e',
      outbase: 'test/e2e',
    },
  );
}
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map(b => esbuild.build(b)));
}
