// Bills recorded requests through the fixture DeepSeek server (test/fixtures/deepseekFixture.ts),
// over HTTP on 127.0.0.1, so the cache-hit figures are the fixture's own: its prompt cache, its
// usage fields, its totals(). The requests are sent one after another, in the order the engine
// sent them, as one API key, and the fixture answers each with the text our model answered.
//
// Client: the real DeepSeek backend (src/backends/deepseek/completion.ts, which uses the `openai`
// client), exactly as the extension sends a completion.
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import { DEFAULT_DEEPSEEK_MODEL } from '../../src/engine/pricing/priceTable';
import type { CompletionBackend, CompletionRequest } from '../../src/engine/types';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture, type DeepSeekFixture } from '../fixtures/deepseekFixture';
import type { RecordedRequest } from './cacheBench';

export interface FixtureBill {
  readonly requests: number;
  readonly promptTokens: number;
  readonly hitTokens: number;
  readonly missTokens: number;
  readonly completionTokens: number;
  readonly perFile: Record<string, number>;
  readonly steadyShare: number;
}

export type FixtureOutcome =
  | { readonly ok: true; readonly bill: FixtureBill; readonly client: string }
  | { readonly ok: false; readonly reason: string };

const MODEL = DEFAULT_DEEPSEEK_MODEL;

interface RequestUsage {
  readonly promptTokens: number;
  readonly hitTokens: number;
  readonly missTokens: number;
}

/** `sticky`: the backend keeps the prompt's start as the extension does (stickyStart.ts); off to bill a layout as laid out. */
export async function billThroughFixture(requests: readonly RecordedRequest[], sticky = true): Promise<FixtureOutcome> {
  let fixture: DeepSeekFixture;
  try {
    fixture = await startDeepSeekFixture();
  } catch (error) {
    return { ok: false, reason: `the fixture DeepSeek server did not start (${String(error)}): billed by the documented estimate only.` };
  }
  try {
    let answer = '';
    fixture.setResponder(() => answer);
    const backend = new DeepSeekBackend({ baseUrl: fixture.betaUrl, model: MODEL, apiKey: FIXTURE_DEFAULT_KEY, stickyStart: sticky });
    const perFile: Record<string, { hit: number; total: number }> = {};
    const steady = { hit: 0, total: 0 };
    for (const request of requests) {
      answer = request.completion;
      const usage = await sendThroughBackend(backend, request);
      const entry = (perFile[request.file] ??= { hit: 0, total: 0 });
      entry.hit += usage.hitTokens;
      entry.total += usage.promptTokens;
      if (request.steady) {
        steady.hit += usage.hitTokens;
        steady.total += usage.promptTokens;
      }
    }
    const totals = fixture.totals();
    const shares: Record<string, number> = {};
    for (const [file, { hit, total }] of Object.entries(perFile)) shares[file] = total === 0 ? 0 : hit / total;
    return {
      ok: true,
      client: 'DeepSeek backend',
      bill: {
        requests: totals.requests,
        promptTokens: totals.promptTokens,
        hitTokens: totals.hitTokens,
        missTokens: totals.missTokens,
        completionTokens: totals.completionTokens,
        perFile: shares,
        steadyShare: steady.total === 0 ? Number.NaN : steady.hit / steady.total,
      },
    };
  } catch (error) {
    return { ok: false, reason: `billing through the fixture failed (${String(error)}): billed by the documented estimate only.` };
  } finally {
    await fixture.close();
  }
}

async function sendThroughBackend(backend: CompletionBackend, recorded: RecordedRequest): Promise<RequestUsage> {
  const request: CompletionRequest = {
    model: MODEL,
    prefix: recorded.prompt.prefix,
    suffix: recorded.prompt.suffix,
    maxTokens: recorded.maxTokens,
    temperature: 0,
    stop: recorded.stop,
  };
  for await (const event of backend.complete(request, new AbortController().signal)) {
    if (event.type !== 'done') continue;
    const usage = event.usage;
    if (!usage || usage.promptCacheHitTokens === undefined) throw new Error('the DeepSeek backend reported no prompt-cache usage');
    return { promptTokens: usage.promptTokens, hitTokens: usage.promptCacheHitTokens, missTokens: usage.promptCacheMissTokens ?? usage.promptTokens - usage.promptCacheHitTokens };
  }
  throw new Error('the DeepSeek backend ended without a done event');
}
