// The Ollama backend, driven through the real `ollama` client against the fixture server.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { resolveOllamaHost } from '../../src/backends/endpointPolicy';
import { OllamaBackend, type OllamaBackendOptions } from '../../src/backends/ollama/completion';
import { BackendError, isAbortError } from '../../src/engine/errors';
import { END_OF_SENTENCE, FIM_HOLE, fimStopSequences } from '../../src/engine/fimTemplate';
import type { CompletionRequest, Logger, StreamEvent } from '../../src/engine/types';
import { startOllamaFixture, type OllamaFault, type OllamaFixture } from '../fixtures/ollamaFixture';

const MODEL = 'deepseek-coder:1.3b-base';

function recordingLogger() {
  const entries: { level: keyof Logger; message: string }[] = [];
  const at = (level: keyof Logger) => (message: string) => void entries.push({ level, message });
  const log: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, entries };
}

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return { model: MODEL, prefix: 'def f(x):\n    ', suffix: '\n    return y', maxTokens: 128, temperature: 0.2, stop: fimStopSequences(false), ...overrides };
}

interface RunResult {
  events: StreamEvent[];
  text: string;
  done: Extract<StreamEvent, { type: 'done' }> | undefined;
  error: unknown;
}

async function run(backend: OllamaBackend, req: CompletionRequest = request(), signal = new AbortController().signal): Promise<RunResult> {
  const events: StreamEvent[] = [];
  let error: unknown;
  try {
    for await (const event of backend.complete(req, signal)) events.push(event);
  } catch (caught) {
    error = caught;
  }
  const text = events.map((e) => (e.type === 'text' ? e.text : '')).join('');
  const done = events.find((e): e is Extract<StreamEvent, { type: 'done' }> => e.type === 'done');
  return { events, text, done, error };
}

function backendError(error: unknown): BackendError {
  assert.ok(error instanceof BackendError, `expected a BackendError, got ${String(error)}`);
  return error;
}

describe('Ollama backend through the ollama client', () => {
  let fixture: OllamaFixture;
  const make = (options: Partial<OllamaBackendOptions> = {}) => new OllamaBackend({ host: fixture.url, model: MODEL, keepAlive: '30m', ...options });

  before(async () => {
    fixture = await startOllamaFixture({ models: [MODEL, 'deepseek-coder-v2:16b-lite-base'] });
  });
  afterEach(async () => {
    // Let aborted requests finish closing so that they count in their own test.
    await fixture.waitUntil((f) => f.inFlight === 0);
    await fixture.setFault(null);
    fixture.setResponder(undefined);
    fixture.setLatency({ firstTokenMs: 10, perTokenMs: 1 });
    fixture.clearRequests();
    fixture.resetCounters();
  });
  after(async () => {
    await fixture.close();
  });

  it('sends the exact DeepSeek FIM prompt in raw mode, with no suffix field, keep_alive and the options', async () => {
    fixture.setResponder(() => 'y = x * 2');
    const result = await run(make());
    assert.equal(result.error, undefined);
    const [sent] = fixture.generateRequests();
    const body = sent.body as Record<string, unknown>;
    // Written out from the contract: fullwidth bars (U+FF5C) and U+2581 inside the tokens.
    // The typed part of the cursor line follows the end token, as already-written middle (KV cache reuse).
    assert.equal(body.prompt, '<｜fim▁begin｜>def f(x):\n<｜fim▁hole｜>\n    return y<｜fim▁end｜>    ');
    const prompt = String(body.prompt);
    assert.equal([...prompt].filter((c) => c === '\uFF5C').length, 6);
    assert.equal([...prompt].filter((c) => c === '\u2581').length, 3);
    assert.ok(!prompt.includes('|'), 'no ASCII bar');
    assert.equal(body.model, MODEL);
    assert.equal(body.raw, true);
    assert.equal(body.stream, true);
    assert.ok(!('suffix' in body), 'raw mode sends no suffix field');
    assert.equal(body.keep_alive, '30m');
    assert.deepEqual(body.options, {
      num_predict: 128,
      temperature: 0.2,
      top_p: 0.95,
      stop: ['<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<｜end▁of▁sentence｜>'],
    });
    assert.equal(sent.headers['content-type'], 'application/json');
  });

  it('asks for num_ctx when configured and sends a keep_alive in seconds as a number', async () => {
    const result = await run(make({ numCtx: 4096, keepAlive: '-1' }));
    assert.equal(result.error, undefined, 'a string "-1" would be refused by Ollama');
    const body = fixture.generateRequests()[0].body as { keep_alive: unknown; options: Record<string, unknown> };
    assert.equal(body.keep_alive, -1);
    assert.equal(body.options.num_ctx, 4096);
  });

  it('streams the answer in pieces and ends with done, the finish reason and the token usage', async () => {
    const answer = '    y = x * 2\n    z = y + 1';
    fixture.setResponder(() => answer);
    const result = await run(make());
    assert.equal(result.error, undefined);
    assert.equal(result.text, answer);
    assert.ok(result.events.filter((e) => e.type === 'text').length > 3, 'arrives token by token');
    assert.equal(result.events.at(-1)?.type, 'done');
    const reply = fixture.generateRequests()[0].reply;
    assert.equal(result.done?.finishReason, 'stop');
    assert.deepEqual(result.done?.usage, { promptTokens: reply?.promptEvalCount, completionTokens: reply?.evalCount });
    assert.ok((result.done?.usage?.completionTokens ?? 0) > 0);
  });

  it('a single-line request ends at the newline stop', async () => {
    fixture.setResponder(() => 'y = x * 2\n    return y');
    const result = await run(make(), request({ stop: fimStopSequences(true) }));
    assert.equal(result.text, 'y = x * 2');
    assert.equal(result.done?.finishReason, 'stop');
  });

  it('reports "length" when num_predict cuts the answer', async () => {
    fixture.setResponder(() => 'alpha beta gamma delta epsilon');
    const result = await run(make(), request({ maxTokens: 3 }));
    assert.equal(result.done?.finishReason, 'length');
    assert.equal(result.done?.usage?.completionTokens, 3);
  });

  it('aborting a superseded request cancels its HTTP request, throws AbortError and logs no failure', async () => {
    fixture.setLatency({ firstTokenMs: 5, perTokenMs: 40 });
    fixture.setResponder(() => 'a'.repeat(2) + ' token'.repeat(50));
    const { log, entries } = recordingLogger();
    const backend = make({ log });
    const controller = new AbortController();
    const stream = backend.complete(request(), controller.signal)[Symbol.asyncIterator]();
    const first = await stream.next();
    assert.equal(first.value?.type, 'text');
    controller.abort();
    await assert.rejects(stream.next(), (error) => isAbortError(error));
    await fixture.waitUntil((f) => f.abortedCount === 1 && f.inFlight === 0);
    assert.equal(fixture.generateRequests()[0].aborted, true);
    assert.ok((fixture.generateRequests()[0].reply?.tokens ?? 0) < 10, 'the server stopped generating');

    // The request that superseded it runs normally.
    fixture.setLatency({ perTokenMs: 1 });
    const next = await run(backend);
    assert.equal(next.error, undefined);
    assert.equal(next.done?.type, 'done');
    assert.deepEqual(
      entries.filter((e) => e.level === 'warn' || e.level === 'error'),
      [],
    );
  });

  it('aborting while the model has not sent a first token cancels the request (no headers yet)', async () => {
    fixture.setLatency({ firstTokenMs: 10_000 });
    const controller = new AbortController();
    const pending = run(make(), request(), controller.signal);
    await fixture.waitUntil((f) => f.inFlight === 1);
    const abortedAt = Date.now();
    controller.abort();
    const result = await pending;
    assert.ok(isAbortError(result.error), String(result.error));
    assert.ok(Date.now() - abortedAt < 1000);
    await fixture.waitUntil((f) => f.abortedCount === 1 && f.inFlight === 0);
  });

  it('an already-aborted signal throws AbortError at once and sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await run(make(), request(), controller.signal);
    assert.ok(isAbortError(result.error));
    assert.equal(fixture.requests.length, 0);
  });

  it('a consumer that stops reading early cancels the request on the server', async () => {
    fixture.setLatency({ perTokenMs: 30 });
    fixture.setResponder(() => ' word'.repeat(100));
    for await (const event of make().complete(request(), new AbortController().signal)) {
      if (event.type === 'text') break;
    }
    await fixture.waitUntil((f) => f.abortedCount === 1 && f.inFlight === 0);
  });

  describe('failures become one BackendError a user can act on', () => {
    const cases: { name: string; fault: OllamaFault; kind: BackendError['kind']; message: (url: string) => RegExp | string; textFirst?: boolean }[] = [
      {
        name: 'connection refused',
        fault: 'refuse',
        kind: 'unreachable',
        message: (url) => `Ollama is not reachable at ${url}. Start it with \`ollama serve\` or set deepseekFim.ollama.host.`,
      },
      {
        name: '404 model not found',
        fault: { status: 404 },
        kind: 'modelMissing',
        message: (url) => `Model ${MODEL} is not installed on Ollama at ${url}. Run: ollama pull ${MODEL}`,
      },
      { name: '400 with Ollama’s text', fault: { status: 400 }, kind: 'badRequest', message: () => /^Ollama rejected the request \(400\): registry\.ollama\.ai\/library\/deepseek-coder:1\.3b-base does not support insert$/ },
      { name: '422', fault: { status: 422 }, kind: 'badRequest', message: () => /\(422\): unprocessable entity/ },
      { name: '500 runner crash', fault: { status: 500 }, kind: 'server', message: (url) => `Ollama at ${url} failed (500): llama runner process has terminated: signal: killed` },
      { name: '503 queue full', fault: { status: 503 }, kind: 'server', message: (url) => `Ollama at ${url} is busy (503): server busy, please try again.  maximum pending requests exceeded` },
      { name: 'a 404 from something that is not Ollama', fault: { status: 404, body: '404 page not found' }, kind: 'config', message: () => /does not answer like Ollama .*deepseekFim\.ollama\.host/ },
      { name: 'cut mid-stream', fault: 'cutMidStream', kind: 'server', message: (url) => `Ollama at ${url} closed the connection in the middle of the answer.`, textFirst: true },
      { name: 'malformed NDJSON line', fault: 'malformedLine', kind: 'malformed', message: (url) => `Ollama at ${url} sent an answer that could not be read.`, textFirst: true },
      {
        name: 'in-stream error line with status 200',
        fault: 'inStreamError',
        kind: 'server',
        message: () => 'Ollama failed while answering: an error was encountered while running the model: CUDA error: out of memory',
        textFirst: true,
      },
    ];
    for (const c of cases) {
      it(`${c.name} -> ${c.kind}`, async () => {
        fixture.setResponder(() => ' step'.repeat(20));
        await fixture.setFault(c.fault);
        const result = await run(make());
        const error = backendError(result.error);
        assert.equal(error.kind, c.kind);
        const expected = c.message(fixture.url);
        if (typeof expected === 'string') assert.equal(error.message, expected);
        else assert.match(error.message, expected);
        assert.ok(error.detail, 'the raw detail is kept for the log');
        assert.equal(result.done, undefined);
        if (c.textFirst) assert.ok(result.text.length > 0, 'text before the failure was delivered');
      });
    }

    it('a model that is not installed names the ollama pull command', async () => {
      const result = await run(make({ model: 'deepseek-coder:6.7b-base' }), request({ model: 'deepseek-coder:6.7b-base' }));
      const error = backendError(result.error);
      assert.equal(error.kind, 'modelMissing');
      assert.equal(error.status, 404);
      assert.match(error.message, /Run: ollama pull deepseek-coder:6\.7b-base$/);
    });

    it('an invalid keep_alive setting comes back as a 400 with Ollama’s words', async () => {
      const error = backendError((await run(make({ keepAlive: 'forever' }))).error);
      assert.equal(error.kind, 'badRequest');
      assert.equal(error.message, 'Ollama rejected the request (400): time: invalid duration "forever"');
    });

    it('a server that comes back on the same port is used again', async () => {
      const backend = make();
      await fixture.setFault('refuse');
      assert.equal(backendError((await run(backend)).error).kind, 'unreachable');
      await fixture.setFault(null);
      const result = await run(backend);
      assert.equal(result.error, undefined);
      assert.equal(result.done?.finishReason, 'stop');
    });

    it('a server that never answers is cancelled by the caller’s signal (the engine’s timeout)', async () => {
      await fixture.setFault('hang');
      const result = await run(make(), request(), AbortSignal.timeout(150));
      assert.ok(isAbortError(result.error), String(result.error));
      await fixture.waitUntil((f) => f.abortedCount === 1 && f.inFlight === 0);
    });

    it('a slow drip delivers one token a second, each as it comes', async () => {
      await fixture.setFault('drip');
      fixture.setResponder(() => 'a b c d');
      const controller = new AbortController();
      const times: number[] = [];
      const started = Date.now();
      const result = run(make(), request(), controller.signal);
      // Watch the fixture: the backend's first two events arrive about a second apart.
      await fixture.waitUntil((f) => (f.generateRequests()[0]?.reply?.tokens ?? 0) >= 2, 3000);
      times.push(Date.now() - started);
      controller.abort();
      const outcome = await result;
      assert.ok(isAbortError(outcome.error));
      assert.ok(outcome.text.length >= 1, 'the first token was delivered before the abort');
      assert.ok(times[0] >= 1800, `two tokens took ${times[0]} ms`);
    });

    it('a 10 MB answer is streamed, not buffered: stopping early stops the server sending', async () => {
      await fixture.setFault('huge');
      let received = 0;
      for await (const event of make().complete(request(), new AbortController().signal)) {
        if (event.type === 'text') received += event.text.length;
        if (received > 64 * 1024) break;
      }
      await fixture.waitUntil((f) => f.abortedCount === 1 && f.inFlight === 0);
      // 1,280 chunks of 8 KB make the 10 MB; socket buffers hold a few MB at most.
      const sent = fixture.generateRequests()[0];
      assert.ok((sent.reply?.tokens ?? 0) < 1280, `the server sent ${sent.reply?.tokens} of 1280 chunks`);
      assert.ok(sent.bytesSent < 8 * 1024 * 1024, `sent ${sent.bytesSent} bytes`);
    });

    it('an answer full of FIM and EOS tokens is passed on as text for the engine to cut', async () => {
      await fixture.setFault('fimTokens');
      fixture.setResponder(() => 'y = 1');
      const result = await run(make());
      assert.equal(result.error, undefined);
      assert.ok(result.text.startsWith(`y = 1${END_OF_SENTENCE}`), result.text);
      assert.ok(result.text.includes(FIM_HOLE));
      assert.equal(result.done?.finishReason, 'stop');
    });
  });

  describe('endpoint policy', () => {
    it('refuses plain http to a host that is not this machine, naming the setting', () => {
      assert.throws(
        () => new OllamaBackend({ host: 'http://192.168.1.20:11434', model: MODEL, keepAlive: '30m' }),
        (error) => error instanceof BackendError && error.kind === 'config' && /deepseekFim\.ollama\.host/.test(error.message),
      );
    });

    it('allows https anywhere, and plain http to a remote host only when allowed', () => {
      assert.equal(new OllamaBackend({ host: 'https://ollama.example.com/', model: MODEL, keepAlive: '30m' }).host, 'https://ollama.example.com');
      assert.equal(new OllamaBackend({ host: 'http://192.168.1.20:11434', model: MODEL, keepAlive: '30m', allowRemoteHttp: true }).host, 'http://192.168.1.20:11434');
    });

    it('reads OLLAMA_HOST the way the Ollama CLI does', () => {
      assert.equal(resolveOllamaHost('', {}), 'http://127.0.0.1:11434');
      assert.equal(resolveOllamaHost('', { OLLAMA_HOST: '0.0.0.0' }), 'http://127.0.0.1:11434');
      assert.equal(resolveOllamaHost('', { OLLAMA_HOST: '0.0.0.0:11500' }), 'http://127.0.0.1:11500');
      assert.equal(resolveOllamaHost('', { OLLAMA_HOST: 'https://ollama.example.com' }), 'https://ollama.example.com');
      assert.equal(resolveOllamaHost('http://127.0.0.1:9999', { OLLAMA_HOST: '127.0.0.1:1' }), 'http://127.0.0.1:9999', 'the setting wins');
      // A bare remote name means plain http: refused.
      const remote = resolveOllamaHost('', { OLLAMA_HOST: 'ollama.lan' });
      assert.equal(remote, 'http://ollama.lan:11434');
      assert.throws(() => new OllamaBackend({ host: remote, model: MODEL, keepAlive: '30m' }), (error) => error instanceof BackendError && error.kind === 'config');
    });

    it('reaches the server through the OLLAMA_HOST forms "host:port" and a URL with a trailing slash', async () => {
      for (const form of [`127.0.0.1:${fixture.port}`, `${fixture.url}/`]) {
        const backend = make({ host: resolveOllamaHost('', { OLLAMA_HOST: form }) });
        const result = await run(backend);
        assert.equal(result.error, undefined, form);
        assert.equal(result.done?.type, 'done');
      }
      assert.equal(fixture.generateRequests().length, 2);
    });

    it('uses the fetch it is given', async () => {
      let calls = 0;
      const counting: typeof fetch = (input, init) => {
        calls++;
        return fetch(input, init);
      };
      const result = await run(make({ fetch: counting }));
      assert.equal(result.error, undefined);
      assert.equal(calls, 1);
    });

    it('refuses credentials in the host URL, and keeps them out of the message', () => {
      assert.throws(
        () => make({ host: `http://user:s3cret@127.0.0.1:${fixture.port}` }),
        (error: unknown) => error instanceof BackendError && error.kind === 'config' && !`${error.message} ${error.detail}`.includes('s3cret'),
      );
    });
  });
});
