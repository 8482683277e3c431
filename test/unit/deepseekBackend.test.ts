// The DeepSeek backend through the real `openai` client against the fixture DeepSeek server:
// what goes on the wire, streaming, usage in both forms, aborts, no retries, and errors that
// tell the user what to do without ever showing the key.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import { getDeepSeekBalance, listDeepSeekModels } from '../../src/backends/deepseek/account';
import { BackendError, type BackendErrorKind } from '../../src/engine/errors';
import type { CompletionRequest, Logger, StreamEvent } from '../../src/engine/types';
import {
  FIXTURE_DEFAULT_KEY,
  FIXTURE_DEFAULT_MODELS,
  startDeepSeekFixture,
  type DeepSeekFixture,
  type DeepSeekFixtureOptions,
  type FixtureFault,
} from '../fixtures/deepseekFixture';
import { FIM_BEGIN, FIM_END, FIM_HOLE } from '../fixtures/fimTokens';

const KEY = FIXTURE_DEFAULT_KEY;
/** A key the fixture does not know; DeepSeek's 401 quotes its tail "****k9Wd". */
const WRONG_KEY = 'sk-wrong-00000000000000000000k9Wd';
const BROKE_KEY = 'sk-broke-00000000000000000000Hq3v';

let fixtures: DeepSeekFixture[] = [];

async function fixture(options: DeepSeekFixtureOptions = {}): Promise<DeepSeekFixture> {
  const started = await startDeepSeekFixture({ brokeKeys: [BROKE_KEY], ...options });
  fixtures.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(fixtures.map((f) => f.close()));
  fixtures = [];
});

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return {
    model: 'deepseek-v4-flash',
    prefix: 'def fib(a):\n    ',
    suffix: '\n\nprint(fib(10))\n',
    maxTokens: 128,
    temperature: 0,
    stop: ['\n\n'],
    ...overrides,
  };
}

/** A backend with the fixture's key unless `extra` names another (undefined = no key). */
function backend(baseUrl: string, extra: { key?: string | undefined; log?: Logger; timeoutMs?: number; model?: string } = {}): DeepSeekBackend {
  const apiKey = 'key' in extra ? extra.key : KEY;
  return new DeepSeekBackend({ baseUrl, model: extra.model ?? 'deepseek-v4-flash', apiKey, log: extra.log, timeoutMs: extra.timeoutMs });
}

async function collect(source: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of source) events.push(event);
  return events;
}

function textOf(events: StreamEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}

function doneOf(events: StreamEvent[]): Extract<StreamEvent, { type: 'done' }> {
  const done = events.filter((e) => e.type === 'done');
  assert.equal(done.length, 1, 'exactly one done event');
  assert.equal(events.at(-1)?.type, 'done', 'done comes last');
  return done[0] as Extract<StreamEvent, { type: 'done' }>;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail('expected the call to fail');
}

async function until(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function assertNoKey(text: string | undefined, key: string): void {
  if (text === undefined) return;
  assert.ok(!text.includes(key), `"${text}" contains the key`);
  assert.ok(!text.includes(key.slice(-4)), `"${text}" contains the key's last 4 characters`);
}

function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (message: string) => lines.push(message);
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

describe('DeepSeek backend: the request on the wire', () => {
  it('posts to /beta/completions with the key, model, prompt and suffix, capped limits and usage asked for', async () => {
    const server = await fixture();
    const stop = ['\n\n', '', '\n\n', ...Array.from({ length: 20 }, (_, i) => `STOP${i}`)];
    const events = await collect(backend(server.betaUrl).complete(request({ maxTokens: 10_000, stop, temperature: 0.2 }), new AbortController().signal));

    const sent = server.completionRequests();
    assert.equal(sent.length, 1);
    const [wire] = sent;
    assert.equal(wire.method, 'POST');
    assert.equal(wire.path, '/beta/completions');
    assert.equal(wire.headers.authorization, `Bearer ${KEY}`);
    const body = wire.body as Record<string, unknown>;
    assert.equal(body.model, 'deepseek-v4-flash');
    assert.equal(body.prompt, 'def fib(a):\n    ');
    assert.equal(body.suffix, '\n\nprint(fib(10))\n');
    for (const token of [FIM_BEGIN, FIM_HOLE, FIM_END]) {
      assert.ok(!JSON.stringify(body).includes(token), `no ${token} on the wire: the server builds the FIM prompt`);
    }
    assert.equal(body.max_tokens, 4096, 'max_tokens capped at 4096');
    assert.equal(body.temperature, 0.2);
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    const stops = body.stop as string[];
    assert.equal(stops.length, 16, 'at most 16 stop sequences');
    assert.deepEqual(stops.slice(0, 3), ['\n\n', 'STOP0', 'STOP1'], 'duplicates and empty strings dropped, order kept');
    assert.equal(textOf(events), 'result = compute(value)\n    return result\n');
    assert.equal(wire.status, 200);
    assert.equal('thinking' in body, false, 'FIM is non-thinking only: no thinking field is ever sent');
  });

  it('never combines thinking with FIM: a request carrying a thinking field sends none, and the fixture refuses one as DeepSeek does', async () => {
    const server = await fixture();
    const smuggled = { ...request(), thinking: { type: 'enabled' } } as CompletionRequest;
    await collect(backend(server.betaUrl).complete(smuggled, new AbortController().signal));
    assert.equal('thinking' in (server.completionRequests()[0].body as Record<string, unknown>), false);
    const refused = await fetch(`${server.betaUrl}/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'deepseek-flash', prompt: 'a', suffix: 'b', thinking: { type: 'enabled' } }),
    });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /non-thinking mode/);
  });

  it('posts to /completions when the base URL has no /beta (and tolerates a trailing slash)', async () => {
    const server = await fixture();
    await collect(backend(`${server.url}/`).complete(request(), new AbortController().signal));
    assert.deepEqual(
      server.completionRequests().map((r) => r.path),
      ['/completions'],
    );
  });

  it('sends the model of the request', async () => {
    const server = await fixture();
    await collect(backend(server.betaUrl).complete(request({ model: 'deepseek-v4-pro' }), new AbortController().signal));
    assert.equal((server.completionRequests()[0].body as { model: string }).model, 'deepseek-v4-pro');
  });

  it('does not forward OpenAI identifiers from the environment to DeepSeek', async () => {
    const server = await fixture();
    const saved = { org: process.env.OPENAI_ORG_ID, project: process.env.OPENAI_PROJECT_ID };
    process.env.OPENAI_ORG_ID = 'org-should-not-travel';
    process.env.OPENAI_PROJECT_ID = 'proj-should-not-travel';
    try {
      await collect(backend(server.betaUrl).complete(request(), new AbortController().signal));
    } finally {
      restoreEnv('OPENAI_ORG_ID', saved.org);
      restoreEnv('OPENAI_PROJECT_ID', saved.project);
    }
    const headers = server.completionRequests()[0].headers;
    assert.equal(headers['openai-organization'], undefined);
    assert.equal(headers['openai-project'], undefined);
  });
});

describe('DeepSeek backend: streaming', () => {
  it('assembles a streamed answer across keep-alive comments, unicode intact, then one done with usage', async () => {
    const server = await fixture();
    const answer = 'total = sum(x for x in items)  # π ≈ 3.14 😀\n    return total\n';
    server.setResponder(() => answer);
    server.setLatency({ firstTokenMs: 120, perTokenMs: 1, keepAliveMs: 20 });
    const events = await collect(backend(server.betaUrl).complete(request({ stop: [] }), new AbortController().signal));
    assert.equal(textOf(events), answer);
    assert.ok(events.filter((e) => e.type === 'text').length > 5, 'the answer arrives in pieces');
    const done = doneOf(events);
    assert.equal(done.finishReason, 'stop');
    assert.ok(done.usage);
    assert.equal(done.usage.completionTokens, Math.ceil(answer.length / 4));
    assert.equal(done.usage.promptTokens, (done.usage.promptCacheHitTokens ?? -1) + (done.usage.promptCacheMissTokens ?? -1));
  });

  it('ends at a stop sequence with finish_reason stop, and at max_tokens with length', async () => {
    const server = await fixture();
    const byStop = await collect(backend(server.betaUrl).complete(request({ stop: ['\n'] }), new AbortController().signal));
    assert.equal(textOf(byStop), 'result = compute(value)');
    assert.equal(doneOf(byStop).finishReason, 'stop');
    const byLength = await collect(backend(server.betaUrl).complete(request({ stop: [], maxTokens: 2 }), new AbortController().signal));
    assert.equal(textOf(byLength), 'result =');
    assert.equal(doneOf(byLength).finishReason, 'length');
  });

  for (const usageForm of ['final-chunk', 'extra-chunk'] as const) {
    it(`reads usage with the prompt cache split from the ${usageForm} form`, async () => {
      const server = await fixture({ usageForm });
      const long = request({ prefix: `# header\n${'x = 1\n'.repeat(200)}`, stop: [] });
      await collect(backend(server.betaUrl).complete(long, new AbortController().signal));
      const done = doneOf(await collect(backend(server.betaUrl).complete(long, new AbortController().signal)));
      assert.ok(done.usage, 'usage present');
      const { promptTokens, completionTokens, promptCacheHitTokens, promptCacheMissTokens } = done.usage;
      assert.ok((promptCacheHitTokens ?? 0) > 0, 'the repeated prompt hits the cache');
      assert.equal(promptTokens, (promptCacheHitTokens ?? 0) + (promptCacheMissTokens ?? 0));
      assert.equal(completionTokens, Math.ceil('result = compute(value)\n    return result\n'.length / 4));
      assert.equal(server.totals().hitTokens, promptCacheHitTokens);
    });
  }

  it('passes leaked FIM tokens through as text (the engine cuts them)', async () => {
    const server = await fixture();
    await server.setFault('fimTokens');
    const events = await collect(backend(server.betaUrl).complete(request({ stop: [] }), new AbortController().signal));
    assert.ok(textOf(events).includes(FIM_HOLE));
    assert.equal(doneOf(events).finishReason, 'stop');
  });
});

describe('DeepSeek backend: cancellation', () => {
  it('an abort mid-stream ends the HTTP request and throws an AbortError', async () => {
    const server = await fixture();
    server.setResponder(() => 'x'.repeat(400));
    server.setLatency({ firstTokenMs: 0, perTokenMs: 20 });
    const controller = new AbortController();
    const texts: string[] = [];
    const error = await failure(
      (async () => {
        for await (const event of backend(server.betaUrl).complete(request({ stop: [] }), controller.signal)) {
          if (event.type === 'text') texts.push(event.text);
          if (texts.length === 2) controller.abort();
        }
      })(),
    );
    assert.equal((error as Error).name, 'AbortError');
    await until(() => server.abortedCount === 1, 'the fixture to see the abort');
    assert.equal(server.completionRequests()[0].aborted, true);
    assert.ok(server.totals().completionTokens < 100, 'the server stopped generating');
    await until(() => server.inFlight === 0, 'nothing in flight');
  });

  it('an abort before the answer starts throws an AbortError and the server sees it', async () => {
    const server = await fixture();
    await server.setFault('hang');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(collect(backend(server.betaUrl).complete(request(), controller.signal)));
    assert.equal((error as Error).name, 'AbortError');
    await until(() => server.abortedCount === 1, 'the fixture to see the abort');
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await fixture();
    const controller = new AbortController();
    controller.abort();
    const error = await failure(collect(backend(server.betaUrl).complete(request(), controller.signal)));
    assert.equal((error as Error).name, 'AbortError');
    assert.equal(server.requests.length, 0);
  });

  it('a consumer that stops reading (10 MB answer) closes the request', async () => {
    const server = await fixture();
    await server.setFault('huge');
    let received = 0;
    for await (const event of backend(server.betaUrl).complete(request(), new AbortController().signal)) {
      if (event.type === 'text') received += event.text.length;
      if (received > 50_000) break;
    }
    await until(() => server.abortedCount === 1, 'the fixture to see the client leave');
    assert.ok(server.totals().completionTokens * 4 < 5 * 1024 * 1024, 'the server stopped well before 10 MB');
  });
});

describe('DeepSeek backend: errors', () => {
  const cases: { name: string; status: number; kind: BackendErrorKind; arrange: (server: DeepSeekFixture) => Promise<{ key?: string; model?: string }>; says: RegExp }[] = [
    { name: '401 key rejected', status: 401, kind: 'unauthorized', arrange: async () => ({ key: WRONG_KEY }), says: /Set API Key/ },
    { name: '402 balance empty', status: 402, kind: 'noBalance', arrange: async () => ({ key: BROKE_KEY }), says: /balance is empty.*resume/i },
    { name: '400 Model Not Exist', status: 400, kind: 'modelMissing', arrange: async () => ({ model: 'deepseek-chat' }), says: /"deepseek-chat".*deepseekFim\.deepseek\.model/ },
    {
      name: '400 other',
      status: 400,
      kind: 'badRequest',
      arrange: async (s) => {
        await s.setFault({ status: 400, body: { error: { message: 'Invalid max_tokens value, the valid range of max_tokens is [1, 4096]', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } } });
        return {};
      },
      says: /Invalid max_tokens value.*deepseekFim/,
    },
    { name: '422 invalid parameters', status: 422, kind: 'badRequest', arrange: fault({ status: 422 }), says: /Invalid Parameters.*deepseekFim/ },
    { name: '404 wrong base URL', status: 404, kind: 'badRequest', arrange: fault({ status: 404 }), says: /deepseekFim\.deepseek\.baseUrl/ },
    { name: '429 rate limit', status: 429, kind: 'rateLimited', arrange: fault({ status: 429 }), says: /back off/ },
    { name: '500 server error', status: 500, kind: 'server', arrange: fault({ status: 500 }), says: /back off/ },
    { name: '503 overloaded', status: 503, kind: 'server', arrange: fault({ status: 503 }), says: /overloaded.*back off/ },
  ];

  for (const c of cases) {
    it(`${c.name} -> ${c.kind}, once, with a way out, without the key`, async () => {
      const server = await fixture();
      const { key = KEY, model } = await c.arrange(server);
      const log = capturingLogger();
      const error = await failure(collect(backend(server.betaUrl, { key, log, model }).complete(request(model ? { model } : {}), new AbortController().signal)));
      assert.ok(error instanceof BackendError, String(error));
      assert.equal(error.kind, c.kind);
      assert.equal(error.status, c.status);
      assert.match(error.message, c.says);
      assert.equal(server.completionRequests().length, 1, 'sent once: no retries');
      for (const text of [error.message, error.detail, ...log.lines]) assertNoKey(text, key);
    });
  }

  it('the 401 text DeepSeek sends (quoting the key tail) stays out of the message and the log', async () => {
    const server = await fixture();
    const log = capturingLogger();
    const error = (await failure(collect(backend(server.betaUrl, { key: WRONG_KEY, log }).complete(request(), new AbortController().signal)))) as BackendError;
    assert.equal(error.message, 'DeepSeek rejected the API key. Run "DeepSeek FIM: Set API Key".');
    assert.ok(!/\*{4}/.test(error.message + (error.detail ?? '') + log.lines.join('\n')));
  });

  it('no key: BackendError noKey and nothing sent', async () => {
    const server = await fixture();
    for (const key of [undefined, '', '   ']) {
      const error = await failure(collect(backend(server.betaUrl, { key }).complete(request(), new AbortController().signal)));
      assert.ok(error instanceof BackendError);
      assert.equal(error.kind, 'noKey');
      assert.equal(error.message, 'No DeepSeek API key. Run "DeepSeek FIM: Set API Key" or set DEEPSEEK_API_KEY.');
    }
    assert.equal(server.requests.length, 0);
  });

  it('plain http to a non-loopback host is refused before anything is sent', () => {
    assert.throws(
      () => backend('http://api.deepseek.example/beta'),
      (error: unknown) => error instanceof BackendError && error.kind === 'config' && error.message.includes('deepseekFim.deepseek.baseUrl'),
    );
    assert.throws(() => backend('not a url'), (error: unknown) => error instanceof BackendError && error.kind === 'config');
    assert.equal(backend('https://api.deepseek.com/beta').baseUrl, 'https://api.deepseek.com/beta');
    assert.equal(backend('http://localhost:8080/beta/').baseUrl, 'http://localhost:8080/beta');
  });

  it('connection refused -> unreachable; the server listening again on the same port -> completions work', async () => {
    const server = await fixture();
    const client = backend(server.betaUrl);
    await server.setFault('refuse');
    const error = await failure(collect(client.complete(request(), new AbortController().signal)));
    assert.ok(error instanceof BackendError);
    assert.equal(error.kind, 'unreachable');
    assert.match(error.message, /deepseekFim\.deepseek\.baseUrl/);
    await server.setFault(null);
    const events = await collect(client.complete(request(), new AbortController().signal));
    assert.equal(doneOf(events).finishReason, 'stop');
  });

  it('no answer within the timeout -> timeout, sent once', async () => {
    const server = await fixture();
    await server.setFault('hang');
    const error = await failure(collect(backend(server.betaUrl, { timeoutMs: 150 }).complete(request(), new AbortController().signal)));
    assert.ok(error instanceof BackendError);
    assert.equal(error.kind, 'timeout');
    assert.equal(server.completionRequests().length, 1);
  });

  it('a data line that is not JSON -> malformed', async () => {
    const server = await fixture();
    await server.setFault('malformedEvent');
    const error = await failure(collect(backend(server.betaUrl).complete(request(), new AbortController().signal)));
    assert.ok(error instanceof BackendError);
    assert.equal(error.kind, 'malformed');
    assert.ok(error.isTransient);
  });

  it('a stream cut in the middle -> a transient error, not a silent short answer', async () => {
    const server = await fixture();
    await server.setFault('cutMidStream');
    const error = await failure(collect(backend(server.betaUrl).complete(request({ stop: [] }), new AbortController().signal)));
    assert.ok(error instanceof BackendError);
    assert.equal(error.kind, 'unreachable');
    assert.ok(error.isTransient);
  });
});

describe('DeepSeek account look-ups', () => {
  it('lists the models of the key from {baseUrl}/models', async () => {
    const server = await fixture();
    assert.deepEqual(await listDeepSeekModels(server.betaUrl, KEY), [...FIXTURE_DEFAULT_MODELS]);
    assert.deepEqual(await listDeepSeekModels(server.url, KEY), [...FIXTURE_DEFAULT_MODELS]);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`),
      [`GET /beta/models Bearer ${KEY}`, `GET /models Bearer ${KEY}`],
    );
  });

  it('maps look-up errors the same way, without the key; no key sends nothing', async () => {
    const server = await fixture();
    const rejected = await failure(listDeepSeekModels(server.betaUrl, WRONG_KEY));
    assert.ok(rejected instanceof BackendError);
    assert.equal(rejected.kind, 'unauthorized');
    assertNoKey(rejected.message, WRONG_KEY);
    assertNoKey(rejected.detail, WRONG_KEY);
    await server.setFault({ status: 503 });
    const busy = await failure(listDeepSeekModels(server.betaUrl, KEY));
    assert.ok(busy instanceof BackendError);
    assert.equal(busy.kind, 'server');
    const before = server.requests.length;
    const none = await failure(listDeepSeekModels(server.betaUrl, undefined));
    assert.ok(none instanceof BackendError);
    assert.equal(none.kind, 'noKey');
    assert.equal(server.requests.length, before);
  });

  it('refuses plain http to a remote host for look-ups too', async () => {
    const error = await failure(listDeepSeekModels('http://10.1.2.3/beta', KEY, undefined, { settingName: 'deepseekFim.deepseek.chatBaseUrl' }));
    assert.ok(error instanceof BackendError);
    assert.equal(error.kind, 'config');
    assert.match(error.message, /deepseekFim\.deepseek\.chatBaseUrl/);
  });

  it('reads the balance from the API root, also when given the /beta URL', async () => {
    const server = await fixture();
    assert.deepEqual(await getDeepSeekBalance(server.betaUrl, KEY), { isAvailable: true, balances: [{ currency: 'CNY', total: 110 }] });
    assert.deepEqual(await getDeepSeekBalance(server.url, BROKE_KEY), { isAvailable: false, balances: [{ currency: 'CNY', total: 0 }] });
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/user/balance', '/user/balance'],
    );
  });
});

function fault(f: FixtureFault): (server: DeepSeekFixture) => Promise<{ key?: string; model?: string }> {
  return async (server) => {
    await server.setFault(f);
    return {};
  };
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
