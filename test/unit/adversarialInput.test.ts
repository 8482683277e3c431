// Every function that sees model output, server text or document text, on 1 MB of adversarial
// input (test/support/adversarialInput.ts): it must do its job in linear time. The benchmark
// (npm run bench) holds the same cases to 50 ms; this test allows for a loaded CI machine, and
// still fails by orders of magnitude for a quadratic one (80,000 asterisks took 4.3 s).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADVERSARIAL_CASES, timeCase } from '../support/adversarialInput';

describe('linear time on 1 MB of adversarial input', () => {
  for (const testCase of ADVERSARIAL_CASES) {
    it(testCase.name, async () => {
      const ms = await timeCase(testCase, 1);
      assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
    });
  }
});
