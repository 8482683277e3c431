// `npm run bench`, part 3: every function that sees model output, server text or document text
// fed 1 MB of adversarial input (test/support/adversarialInput.ts). Each must take under 50 ms
// (best of three runs on a shared machine); the run fails otherwise.
//
//   node out/test/bench/adversarialBench.js
import { ADVERSARIAL_CASES, timeCase } from '../support/adversarialInput';

const LIMIT_MS = 50;

async function main(): Promise<void> {
  let failed = 0;
  for (const testCase of ADVERSARIAL_CASES) {
    let line: string;
    try {
      const ms = await timeCase(testCase);
      const ok = ms < LIMIT_MS;
      if (!ok) failed++;
      line = `${ok ? 'ok  ' : 'SLOW'} ${ms.toFixed(1).padStart(7)} ms  ${testCase.name}`;
    } catch (error) {
      failed++;
      line = `FAIL            ${testCase.name}: ${error instanceof Error ? error.message : String(error)}`;
    }
    console.log(line);
  }
  console.log(`${ADVERSARIAL_CASES.length - failed} of ${ADVERSARIAL_CASES.length} under ${LIMIT_MS} ms on 1 MB of adversarial input`);
  if (failed > 0) process.exitCode = 1;
}

void main();
