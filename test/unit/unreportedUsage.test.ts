// A request aborted after it was sent is billed by the server but never reported: the meter
// counts it with an estimate from its prompt size, calibrated on the usage that was reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import { DEFAULT_SPEND_PRICES, SpendMeter, type SpendStore } from '../../src/engine/spendMeter';
import type { CompletionRequest } from '../../src/engine/types';
import { UsageCalibration, watchUnreportedUsage } from '../../src/engine/unreportedUsage';
import { money } from '../support/usageDays';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture } from '../fixtures/deepseekFixture';

const memory = (): SpendStore => ({ load: () => undefined, save: () => undefined });

describe('usage the server bills but never reports', () => {
  it('counts a request aborted after sending, estimated close to what the fixture billed', async () => {
    const server = await startDeepSeekFixture();
    try {
      const meter = new SpendMeter(memory(), () => DEFAULT_SPEND_PRICES);
      const calibration = new UsageCalibration();
      const backend = watchUnreportedUsage(new DeepSeekBackend({ baseUrl: server.betaUrl, model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY }), {
        sent: (request) => calibration.sent(request),
        reported: (request, usage) => calibration.note(request, usage),
        unreported: (request, seq, streamed) => meter.record(calibration.estimate(request, seq, streamed), new Date(), true),
      });
      const code = Array.from({ length: 200 }, (_, i) => `    total += values[${i}] * ${i}`).join('\n');
      const request = (typed: string): CompletionRequest => ({ model: 'deepseek-v4-flash', prefix: `${code}\n${typed}`, suffix: '\n', maxTokens: 64, temperature: 0, stop: ['\n'] });
      // Answered in full: usage reported (the engine records it), and the estimate calibrated.
      for await (const event of backend.complete(request('ret'), new AbortController().signal)) if (event.type === 'done' && event.usage) meter.record(event.usage);
      // The next keystroke's request: the server takes it, the client leaves before the answer.
      server.setLatency({ firstTokenMs: 2000, perTokenMs: 0 });
      const controller = new AbortController();
      const aborted = (async () => {
        for await (const event of backend.complete(request('retu'), controller.signal)) void event;
      })();
      while (server.completionRequests().length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      await assert.rejects(aborted);

      const billed = server.totals();
      const shown = meter.today();
      assert.equal(billed.requests, 2, 'the fixture billed the aborted request');
      assert.equal(shown.requests, 2);
      assert.equal(shown.estimatedRequests, 1);
      const shownPrompt = shown.cacheHitTokens + shown.cacheMissTokens;
      assert.ok(Math.abs(shownPrompt - billed.promptTokens) <= billed.promptTokens * 0.01, `prompt tokens shown ${shownPrompt}, billed ${billed.promptTokens}`);
      assert.equal(shown.cacheHitTokens, billed.hitTokens, 'the aborted prompt extends the first one: its shared cache units are hits');
      const shownMoney = shown.cost.USD ?? 0;
      const billedMoney = money(billed.hitTokens, billed.missTokens, billed.completionTokens);
      assert.ok(Math.abs(shownMoney - billedMoney) / billedMoney < 0.05, `shown ${shownMoney}, billed ${billedMoney}`);
    } finally {
      await server.close();
    }
  });

  it('does not count a request the server refused (nothing billed)', async () => {
    const calls: string[] = [];
    const failing = watchUnreportedUsage(
      {
        label: 'refusing',
        model: 'm',
        async *complete() {
          throw new Error('HTTP 429');
        },
      },
      { sent: () => 0, reported: () => calls.push('reported'), unreported: () => calls.push('unreported') },
    );
    await assert.rejects(async () => {
      for await (const event of failing.complete({ model: 'm', prefix: 'a', suffix: '', maxTokens: 1, temperature: 0, stop: [] }, new AbortController().signal)) void event;
    });
    assert.deepEqual(calls, []);
    assert.equal(failing.label, 'refusing', 'the watched backend keeps the original properties');
  });
});
