// Bundles the extension (and the in-extension-host test suite) into dist/.
// `vscode` stays external: the editor provides it at run time.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// Tells the F5 task (.vscode/tasks.json) when a watch rebuild starts and ends.
const watchLogger = {
  name: 'watch-logger',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => console.log(`[watch] build finished with ${result.errors.length} errors`));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // VS Code 1.101 (the oldest the manifest claims) runs extensions on Node 22, which the openai
  // client requires.
  target: 'node22',
  external: ['vscode', 'mocha'],
  sourcemap: true,
  minify: production,
  logLevel: 'info',
  plugins: watch ? [watchLogger] : [],
};

const builds = [
  { ...common, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js' },
];
if (!production) {
  // The suite that runs inside a real extension host (code-server or @vscode/test-electron).
  builds.push({ ...common, entryPoints: ['test/host/index.ts'], outfile: 'dist/test/index.js', external: ['vscode'] });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
