// The local server's speed, learnt from its own timings, and the prompt time the next request should cost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FirstTokenDeadline } from '../../src/engine/firstTokenDeadline';
import { ServerSpeed } from '../../src/engine/serverSpeed';
import type { CompletionRequest } from '../../src/engine/types';

function request(prefix: string, suffix = '\n    return total\n'): CompletionRequest {
  return { model: 'm', prefix, suffix, maxTokens: 64, temperature: 0, stop: [] };
}

const HEAD = 'import os\n'.repeat(300);

describe('ServerSpeed', () => {
  it('knows nothing until the server reports a prompt of some size', () => {
    const speed = new ServerSpeed();
    assert.equal(speed.expectedPromptMs(request(HEAD)), undefined);
    speed.record({ promptTokens: 5, promptMs: 100, generatedTokens: 1, generationMs: 30 });
    assert.equal(speed.expectedPromptMs(request(HEAD)), undefined, 'five tokens say too little about the prompt speed');
  });
  it('a cold prompt is expected to take its size times the learnt speed; the next keystroke almost nothing', () => {
    const speed = new ServerSpeed();
    speed.record({ promptTokens: 1000, promptMs: 2500, generatedTokens: 10, generationMs: 300 });
    const cold = speed.expectedPromptMs(request(`${HEAD}x = `)) ?? 0;
    assert.ok(cold > 2000, `cold ${cold} ms`);
    speed.noteSent(request(`${HEAD}x = `));
    const warm = speed.expectedPromptMs(request(`${HEAD}x = 1`)) ?? 0;
    assert.ok(warm < 10, `next keystroke ${warm} ms`);
    // A change at the start of the prompt (another file's block, a moved window) is cold again.
    assert.ok((speed.expectedPromptMs(request(`# other.py\n${HEAD}x = 1`)) ?? 0) > 2000);
  });
  it('says the prompt and generation speed, and how much of the last prompt was reused', () => {
    const speed = new ServerSpeed();
    speed.noteSent(request(`${HEAD}a`));
    speed.noteSent(request(`${HEAD}ab`));
    speed.record({ promptTokens: 400, promptMs: 500, generatedTokens: 21, generationMs: 700 });
    const facts = speed.facts();
    assert.equal(facts.promptTokensPerSecond, 800);
    assert.equal(Math.round(facts.generationTokensPerSecond ?? 0), 30);
    assert.ok((facts.lastReusedShare ?? 0) > 0.99, 'estimated from the prompts sent when the server does not say');
    speed.record({ promptTokens: 100, promptMs: 100, cachedTokens: 300, generatedTokens: 2, generationMs: 60 });
    assert.equal(speed.facts().lastReusedShare, 0.75, "the server's own count when it gives one");
    speed.clear();
    assert.equal(speed.facts().promptTokensPerSecond, undefined);
  });
});

describe('the first-token deadline with an expected prompt time', () => {
  it('a cold prompt gets time in proportion to what the server must process, and is not silent meanwhile', () => {
    const deadline = new FirstTokenDeadline();
    for (let i = 0; i < 10; i++) deadline.record(100);
    assert.equal(deadline.deadlineMs(20_000), 1500);
    assert.equal(deadline.deadlineMs(20_000, 3000), 1500 + 9000);
    assert.equal(deadline.deadlineMs(5000, 3000), 5000, 'never past the setting');
    assert.equal(deadline.isSilent(2000), true);
    assert.equal(deadline.isSilent(2000, 3000), false);
    assert.equal(deadline.isSilent(7000, 3000), true);
  });
});
