import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LatencyHealth } from '../../src/vscode/model/latencyHealth';

const FAST = { medianMs: 300, samples: 10 };

describe('latency health', () => {
  it('says nothing while requests are answered quickly', () => {
    const health = new LatencyHealth();
    for (let i = 0; i < 10; i++) health.noteSuccess(300);
    assert.equal(health.hint(FAST, true), undefined);
    assert.equal(health.lastLatencyMs, 300);
  });

  it('most requests timing out: suggests a smaller model or a longer timeout', () => {
    const health = new LatencyHealth();
    health.noteSuccess(900);
    for (let i = 0; i < 3; i++) health.noteFailure('timeout');
    assert.match(health.hint(FAST, true) ?? '', /^Most requests time out/);
    assert.match(health.hint(FAST, true) ?? '', /deepseekFim\.requestTimeoutMs/);
  });

  it('needs four requests before it speaks of most of them', () => {
    const health = new LatencyHealth();
    for (let i = 0; i < 3; i++) health.noteFailure('timeout');
    assert.equal(health.hint(FAST, true), undefined);
  });

  it('failures other than time-outs do not count as time-outs', () => {
    const health = new LatencyHealth();
    for (let i = 0; i < 6; i++) health.noteFailure('unreachable');
    health.noteFailure(undefined);
    assert.equal(health.hint(FAST, true), undefined);
  });

  it('recovers as answers come back: each success takes back one time-out', () => {
    const health = new LatencyHealth();
    for (let i = 0; i < 4; i++) health.noteFailure('timeout');
    assert.notEqual(health.hint(FAST, false), undefined);
    for (let i = 0; i < 3; i++) health.noteSuccess(400);
    assert.equal(health.hint(FAST, false), undefined);
  });

  it('a slow median: names the likely cause for Ollama, the network for the others', () => {
    const health = new LatencyHealth();
    const slow = { medianMs: 2500, samples: 4 };
    assert.equal(health.hint(slow, true), 'Completions are slow (median 2.5 s): a large model running on the CPU, or a remote Ollama over a slow network? Try deepseek-coder:1.3b-base.');
    assert.equal(health.hint(slow, false), 'Completions are slow (median 2.5 s): the network or the API is slow right now.');
  });

  it("a local server's own figures name the cause: prompts read slowly, or answers written slowly", () => {
    const health = new LatencyHealth();
    const slow = { medianMs: 4200, samples: 10 };
    const readsSlowly = health.hint(slow, true, undefined, { promptTokensPerSecond: 180, generationTokensPerSecond: 30, lastReusedShare: 0.2, lastProcessedTokens: 900 });
    assert.ok(readsSlowly?.includes('reads prompts at only 180 tokens/s') && readsSlowly.includes('deepseekFim.context.maxChars'), readsSlowly);
    const writesSlowly = health.hint(slow, true, undefined, { promptTokensPerSecond: 1500, generationTokensPerSecond: 4, lastReusedShare: 0.99, lastProcessedTokens: 3 });
    assert.ok(writesSlowly?.includes('writes only 4 tokens/s'), writesSlowly);
    const neither = health.hint(slow, true, undefined, { promptTokensPerSecond: 1500, generationTokensPerSecond: 40, lastReusedShare: 0.99, lastProcessedTokens: 3 });
    assert.ok(neither?.includes('a large model running on the CPU'), 'fast figures: the general hint');
  });

  it('a slow median from too few samples, or at the limit, is not called slow', () => {
    const health = new LatencyHealth();
    assert.equal(health.hint({ medianMs: 5000, samples: 3 }, true), undefined);
    assert.equal(health.hint({ medianMs: 2000, samples: 10 }, true), undefined);
    assert.equal(health.hint({ medianMs: undefined, samples: 0 }, true), undefined);
  });

  it('forgets everything when the backend or model changes', () => {
    const health = new LatencyHealth();
    health.noteSuccess(700);
    for (let i = 0; i < 5; i++) health.noteFailure('timeout');
    health.forget();
    assert.equal(health.lastLatencyMs, undefined);
    assert.equal(health.hint(FAST, true), undefined);
  });
});
