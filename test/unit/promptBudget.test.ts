// The prompt sized for the local server's prompt speed: a laptop gets a prompt it reads cold in
// a few seconds, a fast server the full settings, and the size does not flap with the measurements.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ENGINE_SETTINGS } from '../../src/engine/completionEngine';
import { ASSUMED_TOKENS_PER_SECOND, COLD_READ_SECONDS, PromptBudget, sizeFor } from '../../src/engine/promptBudget';

describe('PromptBudget', () => {
  it('a fast server keeps the settings; a laptop gets both budgets cut, the window first', () => {
    assert.deepEqual(sizeFor(DEFAULT_ENGINE_SETTINGS, 2500), { maxChars: 6000, otherFilesMaxChars: 12000 });
    const laptop = sizeFor(DEFAULT_ENGINE_SETTINGS, 400);
    assert.ok(laptop.maxChars < 6000 && laptop.otherFilesMaxChars < 12000, JSON.stringify(laptop));
    // What it reads cold stays near the bound (3.5 characters a token).
    const coldSeconds = (laptop.maxChars + laptop.otherFilesMaxChars) / 3.5 / 400;
    assert.ok(coldSeconds <= COLD_READ_SECONDS + 0.5, `${coldSeconds} s`);
    assert.ok(sizeFor(DEFAULT_ENGINE_SETTINGS, 10).maxChars >= 2000, 'the lines around the cursor are never cut below a floor');
  });
  it('a user setting smaller than the speed allows is kept', () => {
    assert.deepEqual(sizeFor({ maxChars: 1000, otherFilesMaxChars: 0 }, 400), { maxChars: 1000, otherFilesMaxChars: 0 });
  });
  it('a laptop is assumed until the server says; small changes in speed do not move the budget', () => {
    const budget = new PromptBudget();
    const assumed = budget.fit(DEFAULT_ENGINE_SETTINGS, undefined);
    assert.deepEqual({ maxChars: assumed.maxChars, otherFilesMaxChars: assumed.otherFilesMaxChars }, sizeFor(DEFAULT_ENGINE_SETTINGS, ASSUMED_TOKENS_PER_SECOND));
    const measured = budget.fit(DEFAULT_ENGINE_SETTINGS, 400);
    assert.equal(budget.fit(DEFAULT_ENGINE_SETTINGS, 450).maxChars, measured.maxChars, 'within a quarter: unchanged');
    assert.equal(budget.fit(DEFAULT_ENGINE_SETTINGS, 3000), DEFAULT_ENGINE_SETTINGS, 'a fast server: the settings themselves');
  });
});
