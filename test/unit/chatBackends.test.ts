// The refactor command's chat requests, through the real `openai` and `ollama` clients against
// the fixture servers: what goes on the wire, streaming (reasoning kept out of the answer),
// how the answer ended, cancellation that reaches the server, and failures that say what to do
// without ever showing the API key.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ChatMessage, ChatStreamEnd } from '../../src/backends/chatStream';
import { buildDeepSeekChatParams, streamDeepSeekChat, type DeepSeekChatOptions } from '../../src/backends/deepseek/chat';
import { ollamaContextFor, streamOllamaChat, type OllamaChatOptions } from '../../src/backends/ollama/chat';
import { BackendError, isAbortError, type BackendErrorKind } from '../../src/engine/errors';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture, type DeepSeekFixture, type DeepSeekFixtureOptions, type FixtureFault } from '../fixtures/deepseekFixture';
import { startOllamaFixture, type OllamaFault, type OllamaFixture, type OllamaFixtureOptions } from '../fixtures/ollamaFixture';

const KEY = FIXTURE_DEFAULT_KEY;
const WRONG_KEY = 'sk-wrong-00000000000000000000k9Wd';
const BROKE_KEY = 'sk-broke-00000000000000000000Hq3v';
const INSTRUCT_MODEL = 'deepseek-coder:6.7b-instruct';
const ANSWER = '```python\ndef area(self) -> float:\n    return self.w * self.h\n```';

const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You are an expert code editor.' },
  { role: 'user', content: 'The selection:\n```python\ndef area(self):\n    return self.w * self.h\n```\n\nInstruction: add a return type' },
];

let closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

async function deepseekFixture(options: DeepSeekFixtureOptions = {}): Promise<DeepSeekFixture> {
  const fixture = await startDeepSeekFixture({ brokeKeys: [BROKE_KEY], ...options });
  closers.push(() => fixture.close());
  fixture.setResponder(() => ANSWER);
  return fixture;
}

async function ollamaFixture(options: OllamaFixtureOptions = {}): Promise<OllamaFixture> {
  const fixture = await startOllamaFixture({ models: ['deepseek-coder:1.3b-base', INSTRUCT_MODEL], ...options });
  closers.push(() => fixture.close());
  fixture.setResponder(() => ANSWER);
  return fixture;
}

/** Runs a chat stream to its end: the text pieces and how it ended. */
async function drain(stream: AsyncGenerator<string, ChatStreamEnd, undefined>): Promise<{ pieces: string[]; end: ChatStreamEnd }> {
  const pieces: string[] = [];
  let next = await stream.next();
  while (!next.done) {
    pieces.push(next.value);
    next = await stream.next();
  }
  return { pieces, end: next.value };
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  assert.fail('expected a failure');
}

function deepseek(url: string, overrides: Partial<DeepSeekChatOptions> = {}): AsyncGenerator<string, ChatStreamEnd, undefined> {
  return streamDeepSeekChat({ baseUrl: url, apiKey: KEY, model: 'deepseek-v4-flash', messages: MESSAGES, thinking: false, signal: new AbortController().signal, ...overrides });
}

function ollama(url: string, overrides: Partial<OllamaChatOptions> = {}): AsyncGenerator<string, ChatStreamEnd, undefined> {
  return streamOllamaChat({ host: url, model: INSTRUCT_MODEL, messages: MESSAGES, signal: new AbortController().signal, keepAlive: '30m', ...overrides });
}

/** A fetch that must never be called: the request has to be refused before it is sent. */
function forbiddenFetch(): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  const spy = (async () => {
    calls++;
    throw new Error('this request must not be sent');
  }) as unknown as typeof fetch;
  return { fetch: spy, calls: () => calls };
}

function assertNoKey(error: BackendError): void {
  for (const text of [error.message, error.detail ?? '']) {
    assert.ok(!text.includes(KEY) && !text.includes(KEY.slice(-4)), `the key leaked: ${text}`);
    assert.ok(!text.includes(WRONG_KEY) && !text.includes(WRONG_KEY.slice(-4)), `the key leaked: ${text}`);
  }
}

describe('DeepSeek chat through the openai client', () => {
  it('sends the chat request of the contracts, thinking disabled, and streams the answer', async () => {
    const fixture = await deepseekFixture();
    const reasoning: string[] = [];
    const { pieces, end } = await drain(deepseek(fixture.url, { onReasoning: (r) => reasoning.push(r) }));
    assert.equal(pieces.join(''), ANSWER);
    assert.ok(pieces.length > 1, 'streamed in pieces');
    assert.deepEqual(reasoning, [], 'no reasoning when thinking is off');
    assert.equal(end.finishReason, 'stop');
    assert.ok(end.usage && end.usage.promptTokens > 0 && end.usage.completionTokens > 0, 'usage from the final chunk');

    assert.equal(fixture.requests.length, 1);
    const [request] = fixture.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    const body = request.body as Record<string, unknown>;
    assert.equal(body.model, 'deepseek-v4-flash');
    assert.deepEqual(body.messages, MESSAGES);
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.deepEqual(body.thinking, { type: 'disabled' });
  });

  it('thinking on: reasoning_content goes to onReasoning first and never into the answer', async () => {
    const fixture = await deepseekFixture();
    const events: string[] = [];
    const stream = deepseek(fixture.url, { thinking: true, onReasoning: (r) => events.push(`reasoning:${r}`) });
    let next = await stream.next();
    while (!next.done) {
      events.push(`text:${next.value}`);
      next = await stream.next();
    }
    const firstText = events.findIndex((e) => e.startsWith('text:'));
    const lastReasoning = events.map((e) => e.startsWith('reasoning:')).lastIndexOf(true);
    assert.ok(lastReasoning >= 0, 'reasoning arrived');
    assert.ok(lastReasoning < firstText, 'all reasoning before the answer');
    const text = events.filter((e) => e.startsWith('text:')).map((e) => e.slice(5)).join('');
    assert.equal(text, ANSWER);
    assert.match(events.filter((e) => e.startsWith('reasoning:')).map((e) => e.slice(10)).join(''), /keep the code style/);
    assert.equal((fixture.requests[0].body as Record<string, unknown>).thinking, undefined, 'thinking left at the default (on)');
  });

  it('reads the older usage form (an extra chunk with no choices)', async () => {
    const fixture = await deepseekFixture({ usageForm: 'extra-chunk' });
    const { end } = await drain(deepseek(fixture.url));
    assert.equal(end.finishReason, 'stop');
    assert.ok(end.usage && end.usage.completionTokens > 0);
  });

  it('the request body builder sends max_tokens only when asked', () => {
    assert.equal('max_tokens' in buildDeepSeekChatParams({ model: 'm', messages: MESSAGES, thinking: false }), false);
    assert.equal(buildDeepSeekChatParams({ model: 'm', messages: MESSAGES, thinking: true, maxTokens: 2048.7 }).max_tokens, 2048);
  });

  describe('failures become one BackendError for the refactor command, without the key', () => {
    const cases: { name: string; key?: string; model?: string; fault?: FixtureFault; kind: BackendErrorKind; message: RegExp }[] = [
      { name: 'a rejected key (401)', key: WRONG_KEY, kind: 'unauthorized', message: /Set API Key/ },
      { name: 'an empty balance (402)', key: BROKE_KEY, kind: 'noBalance', message: /balance is empty/ },
      { name: 'an unknown model (400 Model Not Exist)', model: 'deepseek-chat', kind: 'modelMissing', message: /"deepseek-chat".*deepseekFim\.refactor\.deepseekModel/ },
      { name: 'invalid parameters (422)', fault: { status: 422 }, kind: 'badRequest', message: /Invalid Parameters/ },
      { name: 'a wrong base URL (404)', fault: { status: 404 }, kind: 'badRequest', message: /deepseekFim\.deepseek\.chatBaseUrl/ },
      { name: 'rate limited (429)', fault: { status: 429 }, kind: 'rateLimited', message: /try again/ },
      { name: 'a server error (500)', fault: { status: 500 }, kind: 'server', message: /server error \(500\)/ },
      { name: 'overloaded (503)', fault: { status: 503 }, kind: 'server', message: /overloaded/ },
      { name: 'an event that is not JSON', fault: 'malformedEvent', kind: 'malformed', message: /could not be read/ },
    ];
    for (const c of cases) {
      it(`${c.name} -> ${c.kind}`, async () => {
        const fixture = await deepseekFixture();
        if (c.fault) await fixture.setFault(c.fault);
        const error = await failure(() => drain(deepseek(fixture.url, { ...(c.key ? { apiKey: c.key } : {}), ...(c.model ? { model: c.model } : {}) })));
        assert.ok(error instanceof BackendError, String(error));
        assert.equal(error.kind, c.kind);
        assert.match(error.message, c.message);
        assert.ok(!/completions back off/.test(error.message), 'worded for the refactor, not for ghost text');
        assertNoKey(error);
        assert.equal(fixture.requests.length, 1, 'never retried');
      });
    }

    it('a connection cut in the middle of the answer is a failure, not a short answer', async () => {
      const fixture = await deepseekFixture();
      await fixture.setFault('cutMidStream');
      const error = await failure(() => drain(deepseek(fixture.url)));
      assert.ok(error instanceof BackendError, String(error));
      assert.ok(error.kind === 'unreachable' || error.kind === 'malformed', error.kind);
    });

    it('a server that is not listening -> unreachable, naming the chat URL setting', async () => {
      const fixture = await deepseekFixture();
      await fixture.setFault('refuse');
      const error = await failure(() => drain(deepseek(fixture.url)));
      assert.ok(error instanceof BackendError);
      assert.equal(error.kind, 'unreachable');
      assert.match(error.message, /deepseekFim\.deepseek\.chatBaseUrl/);
    });

    it('no key -> noKey, and nothing is sent', async () => {
      const fixture = await deepseekFixture();
      for (const apiKey of [undefined, '  ']) {
        const error = await failure(() => drain(deepseek(fixture.url, { apiKey })));
        assert.ok(error instanceof BackendError);
        assert.equal(error.kind, 'noKey');
      }
      assert.equal(fixture.requests.length, 0);
    });

    it('plain http to a host that is not this machine is refused before anything is sent', async () => {
      const spy = forbiddenFetch();
      const error = await failure(() => drain(deepseek('http://deepseek.example', { fetch: spy.fetch })));
      assert.ok(error instanceof BackendError);
      assert.equal(error.kind, 'config');
      assert.match(error.message, /deepseekFim\.deepseek\.chatBaseUrl/);
      assert.equal(spy.calls(), 0);
    });
  });

  describe('cancellation', () => {
    it('aborting mid-answer throws AbortError and the server sees the client leave', async () => {
      const fixture = await deepseekFixture();
      fixture.setLatency({ firstTokenMs: 0, perTokenMs: 40 });
      const abort = new AbortController();
      const stream = deepseek(fixture.url, { signal: abort.signal });
      const first = await stream.next();
      assert.equal(first.done, false);
      abort.abort();
      const error = await failure(() => drain(stream));
      assert.ok(isAbortError(error), String(error));
      await waitUntil(() => fixture.requests[0]?.aborted === true);
    });

    it('aborting while queued (before the first token) throws AbortError', async () => {
      const fixture = await deepseekFixture();
      fixture.setLatency({ firstTokenMs: 5000, perTokenMs: 0, keepAliveMs: 50 });
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 100);
      const started = Date.now();
      const error = await failure(() => drain(deepseek(fixture.url, { signal: abort.signal })));
      assert.ok(isAbortError(error), String(error));
      assert.ok(Date.now() - started < 3000, 'did not wait for the answer');
      await waitUntil(() => fixture.requests[0]?.aborted === true);
    });

    it('an already aborted signal sends nothing', async () => {
      const fixture = await deepseekFixture();
      const abort = new AbortController();
      abort.abort();
      assert.ok(isAbortError(await failure(() => drain(deepseek(fixture.url, { signal: abort.signal })))));
      assert.equal(fixture.requests.length, 0);
    });

    it('a consumer that stops reading closes the request', async () => {
      const fixture = await deepseekFixture();
      fixture.setLatency({ firstTokenMs: 0, perTokenMs: 40 });
      const stream = deepseek(fixture.url);
      await stream.next();
      await stream.return({ finishReason: 'other' });
      await waitUntil(() => fixture.requests[0]?.aborted === true);
    });
  });
});

describe('Ollama chat through the ollama client', () => {
  it('sends model, messages, stream, keep_alive and num_ctx to /api/chat and streams the answer', async () => {
    const fixture = await ollamaFixture();
    const { pieces, end } = await drain(ollama(fixture.url, { numCtx: 8192 }));
    assert.equal(pieces.join(''), ANSWER);
    assert.ok(pieces.length > 1, 'streamed in pieces');
    assert.equal(end.finishReason, 'stop');
    assert.ok(end.usage && end.usage.promptTokens > 0 && end.usage.completionTokens > 0);

    const chats = fixture.requests.filter((r) => r.path === '/api/chat');
    assert.equal(chats.length, 1);
    const body = chats[0].body as Record<string, unknown>;
    assert.equal(body.model, INSTRUCT_MODEL);
    assert.deepEqual(body.messages, MESSAGES);
    assert.equal(body.stream, true);
    assert.equal(body.keep_alive, '30m');
    assert.deepEqual(body.options, { num_ctx: 8192 });
  });

  it('a refactor answer cap goes as num_predict, and the fixture stops the answer there', async () => {
    const fixture = await ollamaFixture();
    const { pieces, end } = await drain(ollama(fixture.url, { numCtx: 8192, maxTokens: 3 }));
    const [chat] = fixture.requests.filter((r) => r.path === '/api/chat');
    assert.deepEqual((chat.body as Record<string, unknown>).options, { num_ctx: 8192, num_predict: 3 });
    assert.ok(pieces.join('').length < ANSWER.length, 'the answer was not capped');
    assert.equal(end.finishReason, 'length');
  });

  it('keep_alive in seconds goes as a number; an empty setting leaves it to the server', async () => {
    const fixture = await ollamaFixture();
    await drain(ollama(fixture.url, { keepAlive: '-1' }));
    await drain(ollama(fixture.url, { keepAlive: '' }));
    const [first, second] = fixture.requests.filter((r) => r.path === '/api/chat').map((r) => r.body as Record<string, unknown>);
    assert.equal(first.keep_alive, -1);
    assert.equal('keep_alive' in second, false);
    assert.equal('options' in second, false, 'no num_ctx unless asked');
  });

  describe('failures become one BackendError a user can act on', () => {
    const cases: { name: string; fault: OllamaFault; kind: BackendErrorKind; message: RegExp }[] = [
      { name: 'an error line after the answer began', fault: 'inStreamError', kind: 'server', message: /out of memory/ },
      { name: 'a line that is not JSON', fault: 'malformedLine', kind: 'malformed', message: /could not be read/ },
      { name: 'a connection cut mid-answer', fault: 'cutMidStream', kind: 'server', message: /closed the connection|before it was complete/ },
      { name: 'a busy server (503)', fault: { status: 503 }, kind: 'server', message: /busy/ },
    ];
    for (const c of cases) {
      it(`${c.name} -> ${c.kind}`, async () => {
        const fixture = await ollamaFixture();
        await fixture.setFault(c.fault);
        const error = await failure(() => drain(ollama(fixture.url)));
        assert.ok(error instanceof BackendError, String(error));
        assert.equal(error.kind, c.kind);
        assert.match(error.message, c.message);
      });
    }

    it('a model that is not installed names the ollama pull command', async () => {
      const fixture = await ollamaFixture({ models: ['deepseek-coder:1.3b-base'] });
      const error = await failure(() => drain(ollama(fixture.url)));
      assert.ok(error instanceof BackendError);
      assert.equal(error.kind, 'modelMissing');
      assert.match(error.message, /ollama pull deepseek-coder:6\.7b-instruct/);
    });

    it('a server that is not listening -> unreachable, naming the host setting', async () => {
      const fixture = await ollamaFixture();
      await fixture.setFault('refuse');
      const error = await failure(() => drain(ollama(fixture.url)));
      assert.ok(error instanceof BackendError);
      assert.equal(error.kind, 'unreachable');
      assert.match(error.message, /deepseekFim\.ollama\.host/);
    });

    it('plain http to a host that is not this machine is refused before anything is sent', async () => {
      const spy = forbiddenFetch();
      const error = await failure(() => drain(ollama('http://ollama.example:11434', { fetch: spy.fetch })));
      assert.ok(error instanceof BackendError);
      assert.equal(error.kind, 'config');
      assert.equal(spy.calls(), 0);
    });
  });

  describe('cancellation', () => {
    it('aborting before the first token (no headers yet) throws AbortError and the server sees it', async () => {
      const fixture = await ollamaFixture({ latency: { firstTokenMs: 5000, perTokenMs: 0 } });
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 100);
      const started = Date.now();
      const error = await failure(() => drain(ollama(fixture.url, { signal: abort.signal })));
      assert.ok(isAbortError(error), String(error));
      assert.ok(Date.now() - started < 3000, 'did not wait for the answer');
      await fixture.waitUntil((f) => f.abortedCount === 1, 3000);
    });

    it('aborting mid-answer throws AbortError and stops the server', async () => {
      const fixture = await ollamaFixture({ latency: { firstTokenMs: 0, perTokenMs: 40 } });
      const abort = new AbortController();
      const stream = ollama(fixture.url, { signal: abort.signal });
      assert.equal((await stream.next()).done, false);
      abort.abort();
      assert.ok(isAbortError(await failure(() => drain(stream))));
      await fixture.waitUntil((f) => f.abortedCount === 1, 3000);
    });

    it('a consumer that stops reading frees the server', async () => {
      const fixture = await ollamaFixture({ latency: { firstTokenMs: 0, perTokenMs: 40 } });
      const stream = ollama(fixture.url);
      await stream.next();
      await stream.return({ finishReason: 'other' });
      await fixture.waitUntil((f) => f.abortedCount === 1, 3000);
    });
  });

  it('asks for a context window that holds the prompt and an answer as long', () => {
    const sized = (chars: number) => ollamaContextFor([{ role: 'user', content: 'x'.repeat(chars) }]);
    assert.equal(sized(1000), 4096);
    assert.equal(sized(6000), 4096);
    assert.equal(sized(10_000), 8192);
    assert.equal(sized(40_000), 32768);
    assert.equal(sized(1_000_000), 32768, 'capped');
  });
});

async function waitUntil(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail('timed out waiting for the server to see it');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
