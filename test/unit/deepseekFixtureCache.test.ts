// The fixture DeepSeek server itself: its prompt-cache model (what the cache benchmark bills by)
// and its wire contract, driven through the real `openai` client and the DeepSeek backend.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import OpenAI, { BadRequestError, type APIError } from 'openai';
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import type { CompletionRequest, StreamEvent, TokenUsage } from '../../src/engine/types';
import {
  FIXTURE_DEFAULT_KEY,
  FixturePromptCache,
  estimateFixtureTokens,
  serverFimPrompt,
  startDeepSeekFixture,
  type DeepSeekFixture,
  type DeepSeekFixtureOptions,
} from '../fixtures/deepseekFixture';
import { FIM_BEGIN } from '../fixtures/fimTokens';
import { buildFimPrompt } from '../../src/engine/fimTemplate';
import { PromptCacheModel } from '../bench/promptCacheModel';

const KEY = FIXTURE_DEFAULT_KEY;
const OTHER_KEY = 'sk-other-0000000000000000000000Lm4p';
/** A source file of about 6 KB: 150 distinct lines. */
const FILE = Array.from({ length: 150 }, (_, i) => `    value_${i} = compute(${i}, items[${i}])  # step ${i}`).join('\n');

let fixtures: DeepSeekFixture[] = [];

async function fixture(options: DeepSeekFixtureOptions = {}): Promise<DeepSeekFixture> {
  const started = await startDeepSeekFixture({ keys: [KEY, OTHER_KEY], ...options });
  fixtures.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(fixtures.map((f) => f.close()));
  fixtures = [];
});

async function usageOf(server: DeepSeekFixture, prefix: string, suffix: string, key = KEY): Promise<TokenUsage> {
  const backend = new DeepSeekBackend({ baseUrl: server.betaUrl, model: 'deepseek-v4-flash', apiKey: key });
  const request: CompletionRequest = { model: 'deepseek-v4-flash', prefix, suffix, maxTokens: 64, temperature: 0, stop: ['\n\n'] };
  let usage: TokenUsage | undefined;
  for await (const event of backend.complete(request, new AbortController().signal)) if (event.type === 'done') usage = event.usage;
  assert.ok(usage, 'the stream reported usage');
  return usage;
}

/** Whole 64-token units (256 code units) of the server-built prompt. */
function wholeUnitTokens(prefix: string, suffix: string): number {
  return Math.floor(serverFimPrompt(prefix, suffix).length / 256) * 64;
}

function openai(server: DeepSeekFixture, key = KEY, base = server.betaUrl): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: base, maxRetries: 0, logLevel: 'off' });
}

describe('fixture DeepSeek server: prompt cache model', () => {
  it('the same prompt twice: the second is billed as hits in whole 64-token units', async () => {
    const server = await fixture();
    const prefix = FILE.slice(0, 4000);
    const suffix = FILE.slice(4000, 4800);
    const promptTokens = estimateFixtureTokens(serverFimPrompt(prefix, suffix));

    const first = await usageOf(server, prefix, suffix);
    assert.deepEqual(first, { promptTokens, completionTokens: first.completionTokens, promptCacheHitTokens: 0, promptCacheMissTokens: promptTokens, model: 'deepseek-flash', sentAt: first.sentAt });

    const second = await usageOf(server, prefix, suffix);
    assert.equal(second.promptTokens, promptTokens);
    assert.equal(second.promptCacheHitTokens, wholeUnitTokens(prefix, suffix));
    assert.equal((second.promptCacheHitTokens ?? 1) % 64, 0);
    assert.ok((second.promptCacheMissTokens ?? 0) < 64, 'only the tail after the last whole unit misses');
    assert.equal(second.promptTokens, (second.promptCacheHitTokens ?? 0) + (second.promptCacheMissTokens ?? 0));
  });

  it('a prompt whose first line changes gets no hits at all', async () => {
    const server = await fixture();
    const prefix = FILE.slice(0, 5000);
    await usageOf(server, prefix, '');
    const moved = await usageOf(server, `# moved\n${prefix.slice(prefix.indexOf('\n') + 1)}`, '');
    assert.equal(moved.promptCacheHitTokens, 0);
    assert.equal(moved.promptCacheMissTokens, moved.promptTokens);
  });

  it('typing at the end of a stable prefix hits every whole unit before the change', async () => {
    const server = await fixture();
    const prefix = FILE.slice(0, 3000);
    await usageOf(server, prefix, '');
    const typed = await usageOf(server, `${prefix}x = 1`, '');
    // The common prefix is FIM_BEGIN + prefix: the old FIM_HOLE and the new text differ after it.
    assert.equal(typed.promptCacheHitTokens, Math.floor((FIM_BEGIN.length + prefix.length) / 256) * 64);
  });

  it('the cache is per API key, and resetCache forgets it', async () => {
    const server = await fixture();
    const prefix = FILE.slice(0, 2000);
    await usageOf(server, prefix, '');
    assert.equal((await usageOf(server, prefix, '', OTHER_KEY)).promptCacheHitTokens, 0, 'another key has its own cache');
    assert.ok(((await usageOf(server, prefix, '')).promptCacheHitTokens ?? 0) > 0);
    server.resetCache();
    assert.equal((await usageOf(server, prefix, '')).promptCacheHitTokens, 0);
  });

  it('an earlier prompt other than the last one still counts (longest prefix with ANY earlier prompt)', async () => {
    const server = await fixture();
    const a = FILE.slice(0, 3000);
    await usageOf(server, a, '');
    await usageOf(server, `# unrelated\n${FILE.slice(3000)}`, '');
    const again = await usageOf(server, `${a}\n# more`, '');
    assert.equal(again.promptCacheHitTokens, Math.floor((FIM_BEGIN.length + a.length) / 256) * 64);
  });

  it('the suffix is part of the sequence: an unchanged suffix behind a changed prefix end is all misses, as the bench model bills it too', async () => {
    const server = await fixture();
    const suffix = FILE.slice(4000);
    const prefix = FILE.slice(0, 2000);
    await usageOf(server, prefix, suffix);
    const typed = await usageOf(server, `${prefix}x`, suffix);
    // Hits stop at the last whole unit before the prefix's end: the suffix behind it never hits.
    assert.equal(typed.promptCacheHitTokens, Math.floor((FIM_BEGIN.length + prefix.length) / 256) * 64);
    assert.ok((typed.promptCacheMissTokens ?? 0) >= estimateFixtureTokens(suffix), 'every suffix token is a miss');
    const model = new PromptCacheModel();
    model.bill(buildFimPrompt(prefix, suffix));
    assert.equal(model.bill(buildFimPrompt(`${prefix}x`, suffix)).hitTokens, typed.promptCacheHitTokens, 'the bench estimate bills the same');
  });

  it('totals() sums exactly what the responses reported', async () => {
    const server = await fixture();
    const reported = { prompt: 0, hit: 0, miss: 0, completion: 0 };
    for (let i = 0; i < 6; i++) {
      const usage = await usageOf(server, FILE.slice(0, 1000 + i * 300), FILE.slice(5000));
      reported.prompt += usage.promptTokens;
      reported.hit += usage.promptCacheHitTokens ?? 0;
      reported.miss += usage.promptCacheMissTokens ?? 0;
      reported.completion += usage.completionTokens;
    }
    const { money, currency, ...tokens } = server.totals();
    assert.deepEqual(tokens, { requests: 6, promptTokens: reported.prompt, hitTokens: reported.hit, missTokens: reported.miss, completionTokens: reported.completion });
    assert.equal(currency, 'CNY');
    assert.ok(money > 0);
    assert.ok(reported.hit > 0);
  });

  it('bills thousands of 6 KB prompts quickly, and exactly (checked against a brute-force longest common prefix)', () => {
    const cache = new FixturePromptCache();
    const prompts: string[] = [];
    const bills = [];
    const started = performance.now();
    for (let i = 0; i < 3000; i++) {
      // A person typing in the middle: the first 4,000 characters stay, the rest moves.
      const prompt = serverFimPrompt(`${FILE.slice(0, 4000)}${'y'.repeat(i % 50)}`, FILE.slice(4000 + ((i * 7) % 101)));
      prompts.push(prompt);
      bills.push(cache.bill(KEY, prompt));
    }
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 3000, `3,000 prompts took ${elapsed.toFixed(0)} ms`);
    for (const i of [1, 57, 1234, 2999]) {
      let longest = 0;
      for (let j = 0; j < i; j++) longest = Math.max(longest, commonPrefixLength(prompts[i], prompts[j]));
      assert.equal(bills[i].hitTokens, Math.floor(longest / 256) * 64, `prompt ${i}`);
      assert.equal(bills[i].promptTokens, Math.ceil(prompts[i].length / 4));
    }
  });
});

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

describe('fixture DeepSeek server: wire contract', () => {
  it('SSE: keep-alive comments while queued, JSON data events, a final chunk with usage, then [DONE]', async () => {
    const server = await fixture();
    server.setLatency({ firstTokenMs: 60, perTokenMs: 0, keepAliveMs: 20 });
    // A raw read, to check the bytes the fixture writes (the client would hide them).
    const response = await fetch(`${server.betaUrl}/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'deepseek-v4-flash', prompt: 'def f(', suffix: ')', stream: true, stream_options: { include_usage: true } }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.match(response.headers.get('x-ds-trace-id') ?? '', /^[0-9a-f]{32}$/);
    const raw = await response.text();
    const blocks = raw.split('\n\n').filter((b) => b !== '');
    assert.ok(blocks[0] === ': keep-alive' && blocks[1] === ': keep-alive', 'keep-alive comments first');
    assert.equal(blocks.at(-1), 'data: [DONE]');
    assert.ok(raw.endsWith('data: [DONE]\n\n'));
    const chunks = blocks.filter((b) => b.startsWith('data: {')).map((b) => JSON.parse(b.slice('data: '.length)) as { object: string; choices: { text: string; finish_reason: string | null }[]; usage?: Record<string, number> });
    assert.equal(blocks.filter((b) => !b.startsWith(': keep-alive')).length, chunks.length + 1, 'nothing but comments, JSON events and [DONE]');
    const final = chunks.at(-1);
    assert.ok(final);
    assert.equal(final.choices[0].text, '');
    assert.equal(final.choices[0].finish_reason, 'stop');
    assert.deepEqual(Object.keys(final.usage ?? {}).sort(), ['completion_tokens', 'prompt_cache_hit_tokens', 'prompt_cache_miss_tokens', 'prompt_tokens', 'total_tokens']);
    for (const chunk of chunks.slice(0, -1)) {
      assert.equal(chunk.object, 'text_completion');
      assert.equal(chunk.choices[0].finish_reason, null);
      assert.equal(chunk.usage, undefined);
    }
    assert.equal(chunks.slice(0, -1).map((c) => c.choices[0].text).join(''), 'result = compute(value)\n    return result\n');
  });

  it('the older usage form: a finish chunk, then an extra chunk with choices [] and usage (read by the real client)', async () => {
    const server = await fixture({ usageForm: 'extra-chunk' });
    const stream = await openai(server).completions.create({ model: 'deepseek-v4-flash', prompt: 'a', suffix: 'b', stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    const beforeLast = chunks.at(-2);
    assert.deepEqual(last?.choices, []);
    assert.equal(last?.usage?.prompt_tokens, estimateFixtureTokens(serverFimPrompt('a', 'b')));
    assert.equal(beforeLast?.choices[0].finish_reason, 'stop');
    assert.equal(beforeLast?.usage, undefined);
  });

  it('non-streaming FIM returns the documented JSON with usage', async () => {
    const server = await fixture();
    const completion = await openai(server).completions.create({ model: 'deepseek-v4-flash', prompt: 'def fib(a):', suffix: '    return fib(a-1) + fib(a-2)', max_tokens: 128, temperature: 0, stop: ['\n\n'] });
    assert.equal(completion.object, 'text_completion');
    assert.equal(completion.choices[0].text, 'result = compute(value)\n    return result\n');
    assert.equal(completion.choices[0].finish_reason, 'stop');
    const usage = completion.usage as unknown as Record<string, number>;
    assert.equal(usage.prompt_tokens, usage.prompt_cache_hit_tokens + usage.prompt_cache_miss_tokens);
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
  });

  const invalid: { name: string; body: Record<string, unknown>; says: RegExp }[] = [
    { name: 'more than 16 stop sequences', body: { stop: Array.from({ length: 17 }, (_, i) => `s${i}`) }, says: /at most 16/ },
    { name: 'stream_options without stream', body: { stream_options: { include_usage: true } }, says: /stream_options/ },
    { name: 'max_tokens above 4096', body: { max_tokens: 4097 }, says: /max_tokens.*\[1, 4096\]/ },
    { name: 'an unknown model', body: { model: 'deepseek-chat' }, says: /^Model Not Exist$/ },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name} with 400 invalid_request_error`, async () => {
      const server = await fixture();
      const error = await openai(server)
        .completions.create({ model: 'deepseek-v4-flash', prompt: 'x', suffix: 'y', ...c.body } as OpenAI.CompletionCreateParamsNonStreaming)
        .then(
          () => assert.fail('accepted'),
          (e: unknown) => e,
        );
      assert.ok(error instanceof BadRequestError, String(error));
      assert.equal(error.type, 'invalid_request_error');
      assert.match(String((error.error as { message?: string }).message), c.says);
      assert.equal(server.totals().requests, 0, 'nothing billed');
    });
  }

  it('401 quotes the key tail as ****abcd; 402 says Insufficient Balance; the body has message, type, param, code', async () => {
    const server = await fixture({ brokeKeys: ['sk-broke-000000000000000000000Zz9b'] });
    const unauthorized = await openai(server, 'sk-unknown-0000000000000000000Ab1c')
      .models.list()
      .then(
        () => assert.fail('accepted'),
        (e: unknown) => e as APIError,
      );
    assert.equal(unauthorized.status, 401);
    assert.deepEqual(unauthorized.error, { message: 'Authentication Fails, Your api key: ****Ab1c is invalid', type: 'authentication_error', param: null, code: 'invalid_request_error' });
    const broke = await openai(server, 'sk-broke-000000000000000000000Zz9b')
      .completions.create({ model: 'deepseek-v4-flash', prompt: 'x' })
      .then(
        () => assert.fail('accepted'),
        (e: unknown) => e as APIError,
      );
    assert.equal(broke.status, 402);
    assert.equal((broke.error as { message: string }).message, 'Insufficient Balance');
  });

  it('chat streams reasoning_content before content unless thinking is disabled', async () => {
    const server = await fixture();
    server.setResponder((prompt) => `edited: ${prompt}`);
    const read = async (thinking?: { type: 'disabled' }) => {
      const stream = await openai(server, KEY, server.url).chat.completions.create({
        model: 'deepseek-v4-flash',
        messages: [{ role: 'user', content: 'rename x' }],
        stream: true,
        ...(thinking ? { thinking } : {}),
      } as OpenAI.ChatCompletionCreateParamsStreaming);
      const order: string[] = [];
      let content = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
        if (delta?.reasoning_content) order.push('reasoning');
        if (delta?.content) {
          order.push('content');
          content += delta.content;
        }
      }
      return { order, content };
    };
    const thinking = await read();
    assert.equal(thinking.order[0], 'reasoning');
    assert.equal(thinking.order.at(-1), 'content');
    assert.ok(thinking.order.lastIndexOf('reasoning') < thinking.order.indexOf('content'), 'all reasoning comes first');
    assert.equal(thinking.content, 'edited: rename x');
    const plain = await read({ type: 'disabled' });
    assert.ok(!plain.order.includes('reasoning'));
    assert.equal(plain.content, 'edited: rename x');
    assert.equal(server.requests[0].path, '/chat/completions');
    assert.equal(server.completionRequests().length, 0, 'chat is not a FIM request');
  });

  it('counts requests in flight, and the client that leaves', async () => {
    const server = await fixture();
    // Queued long enough that both requests are surely in flight together.
    server.setLatency({ firstTokenMs: 150, perTokenMs: 30, keepAliveMs: 50 });
    const controllers = [new AbortController(), new AbortController()];
    const runs = controllers.map(async (controller) => {
      const backend = new DeepSeekBackend({ baseUrl: server.betaUrl, model: 'deepseek-v4-flash', apiKey: KEY });
      const events: StreamEvent[] = [];
      try {
        for await (const event of backend.complete({ model: 'deepseek-v4-flash', prefix: 'a', suffix: '', maxTokens: 64, temperature: 0, stop: [] }, controller.signal)) {
          events.push(event);
          if (events.length === 1) controller.abort();
        }
      } catch (error) {
        return (error as Error).name;
      }
      return 'finished';
    });
    assert.deepEqual(await Promise.all(runs), ['AbortError', 'AbortError']);
    const deadline = Date.now() + 2000;
    while ((server.abortedCount < 2 || server.inFlight > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(server.maxInFlight, 2);
    assert.equal(server.abortedCount, 2);
    assert.equal(server.inFlight, 0);
  });

  it('builds the FIM prompt with the DeepSeek Coder tokens (fullwidth bars, U+2581)', () => {
    assert.equal(serverFimPrompt('p', 's'), '<\uFF5Cfim\u2581begin\uFF5C>p<\uFF5Cfim\u2581hole\uFF5C>s<\uFF5Cfim\u2581end\uFF5C>');
  });
});
