// The team-server backends against fixture servers that follow vLLM's and llama.cpp's wire
// formats: the OpenAI-compatible backend through the real `openai` client, the llama.cpp backend
// on /infill. What reaches the server, what the user gets back, and each failure as the user sees it.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { LlamaCppBackend } from '../../src/backends/llamaCpp/llamaCppBackend';
import { OpenAiCompatibleBackend, type PromptMode } from '../../src/backends/openaiCompatible/openaiCompatibleBackend';
import { StopCutter } from '../../src/backends/stopCutter';
import { listLlamaCppModels, listOpenAiCompatibleModels } from '../../src/backends/teamServerModels';
import { BackendError, type BackendErrorKind } from '../../src/engine/errors';
import { END_OF_SENTENCE, FIM_BEGIN, FIM_END, FIM_HOLE, fimStopSequences } from '../../src/engine/fimTemplate';
import { chooseFimTemplate } from '../../src/engine/fimTemplates';
import { silentLogger, type CompletionBackend, type CompletionRequest, type Logger, type StreamEvent } from '../../src/engine/types';
import { buildBackend, sendsCodeAway } from '../../src/vscode/backendFactory';
import type { BackendSettings } from '../../src/vscode/config';
import { backendSettings } from '../support/backendSettings';
import { startTeamServerFixture, TEAM_DEFAULT_ANSWER, TEAM_DEFAULT_GGUF, TEAM_DEFAULT_MODEL, type TeamFault, type TeamServerFixture, type TeamServerOptions } from '../fixtures/teamServerFixture';

const TOKEN = 'team-token-0000000000000000Zq8w';
let fixtures: TeamServerFixture[] = [];

async function server(options: TeamServerOptions): Promise<TeamServerFixture> {
  const started = await startTeamServerFixture(options);
  fixtures.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(fixtures.map((f) => f.close()));
  fixtures = [];
});

const BLOCK = '# lib/money.py\ndef cents(x):\n    return round(x * 100)\n# app.py\n';
function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return { model: '', prefix: 'def total(values):\n    ', suffix: '\n\nprint(total([1]))\n', maxTokens: 64, temperature: 0.1, stop: fimStopSequences(false), ...overrides };
}
const withContext = request({
  prefix: `${BLOCK}def total(values):\n    `,
  context: { snippets: [{ path: 'lib/money.py', text: 'def cents(x):\n    return round(x * 100)' }], prefixOffset: BLOCK.length, filePath: 'app.py' },
});

function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (message: string) => lines.push(message);
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

function openai(url: string, extra: { model?: string; mode?: PromptMode; token?: string; log?: Logger; timeoutMs?: number } = {}): OpenAiCompatibleBackend {
  const model = extra.model ?? TEAM_DEFAULT_MODEL;
  return new OpenAiCompatibleBackend({ baseUrl: url, model, serverName: 'vLLM', promptMode: extra.mode ?? 'rendered', template: chooseFimTemplate(model, 'auto'), token: extra.token, log: extra.log, timeoutMs: extra.timeoutMs });
}

function llama(url: string, extra: { token?: string; log?: Logger; timeoutMs?: number } = {}): LlamaCppBackend {
  return new LlamaCppBackend({ baseUrl: url, model: 'deepseek-coder-6.7b-base.Q4_K_M.gguf', token: extra.token, log: extra.log, timeoutMs: extra.timeoutMs });
}

async function collect(backend: CompletionBackend, req = request()): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of backend.complete(req, new AbortController().signal)) events.push(event);
  return events;
}

const textOf = (events: StreamEvent[]) => events.map((e) => (e.type === 'text' ? e.text : '')).join('');

async function failure(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BackendError, `a BackendError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected the call to fail');
}

describe('OpenAI-compatible backend (vLLM fixture)', () => {
  it('sends the rendered DeepSeek FIM prompt, never a suffix, with the template stops; streams the answer and the usage of the last chunk', async () => {
    const vllm = await server({ flavor: 'vllm' });
    const events = await collect(openai(vllm.url));
    const [wire] = vllm.completionRequests();
    const body = wire.body as Record<string, unknown>;
    assert.equal(wire.path, '/v1/completions');
    assert.equal(body.prompt, `${FIM_BEGIN}def total(values):\n${FIM_HOLE}\n\nprint(total([1]))\n${FIM_END}    `);
    assert.ok(!('suffix' in body), 'no suffix key at all');
    assert.deepEqual(body.stop, [END_OF_SENTENCE, FIM_BEGIN, FIM_HOLE, FIM_END]);
    assert.equal(body.model, TEAM_DEFAULT_MODEL);
    assert.equal(wire.headers.authorization, undefined, 'no Authorization header without a token');
    assert.equal(textOf(events), TEAM_DEFAULT_ANSWER);
    const done = events.at(-1);
    assert.equal(done?.type, 'done');
    assert.ok(done?.type === 'done' && done.finishReason === 'stop' && done.usage && done.usage.completionTokens > 0 && done.usage.promptTokens > 0);
  });

  it('a stop string ends the completion where the server cut it (single line)', async () => {
    const vllm = await server({ flavor: 'vllm' });
    const events = await collect(openai(vllm.url), request({ stop: fimStopSequences(true) }));
    assert.equal(textOf(events), 'total = sum(values)');
  });

  it('a Qwen2.5-Coder model gets its own tokens and repository markers', async () => {
    const vllm = await server({ flavor: 'vllm', models: ['Qwen/Qwen2.5-Coder-7B'] });
    await collect(openai(vllm.url, { model: 'Qwen/Qwen2.5-Coder-7B' }), withContext);
    const body = vllm.completionRequests()[0].body as { prompt: string; stop: string[] };
    assert.ok(body.prompt.startsWith('<|repo_name|>'), body.prompt);
    assert.ok(body.prompt.includes('<|file_sep|>lib/money.py\ndef cents(x):') && body.prompt.includes('<|file_sep|>app.py\n<|fim_prefix|>def total(values):\n<|fim_suffix|>'));
    assert.ok(body.prompt.endsWith('<|fim_middle|>    '), 'the typed part after the middle token');
    assert.ok(!body.prompt.includes('# lib/money.py'), 'the DeepSeek layout is not sent to Qwen');
    assert.ok(body.stop.includes('<|endoftext|>') && !body.stop.includes(FIM_HOLE));
  });

  it('suffix mode against vLLM: the 400 tells the user to switch to the rendered mode', async () => {
    const vllm = await server({ flavor: 'vllm' });
    const error = await failure(collect(openai(vllm.url, { mode: 'suffix' })));
    assert.equal((vllm.completionRequests()[0].body as { suffix?: unknown }).suffix, '\n\nprint(total([1]))\n');
    assert.equal(error.kind, 'badRequest');
    assert.match(error.message, /promptMode to "rendered"/);
  });

  it('a model the server does not serve is "model missing", naming the model', async () => {
    const vllm = await server({ flavor: 'vllm', models: ['other-model'] });
    const error = await failure(collect(openai(vllm.url)));
    assert.equal(error.kind, 'modelMissing');
    assert.match(error.message, /deepseek-coder-6\.7b-base/);
  });

  it('a server with --api-key: the token goes as Bearer, a missing or wrong one is "unauthorized", and no message or log line shows it', async () => {
    const vllm = await server({ flavor: 'vllm', token: TOKEN });
    const log = capturingLogger();
    assert.equal(textOf(await collect(openai(vllm.url, { token: TOKEN, log }))), TEAM_DEFAULT_ANSWER);
    assert.equal(vllm.completionRequests()[0].headers.authorization, `Bearer ${TOKEN}`);
    assert.equal((await failure(collect(openai(vllm.url)))).kind, 'unauthorized');
    const wrong = await failure(collect(openai(vllm.url, { token: `${TOKEN}x`, log })));
    assert.equal(wrong.kind, 'unauthorized');
    assert.match(wrong.message, /Set Server Token/);
    for (const text of [...log.lines, wrong.message, wrong.detail ?? '']) assert.ok(!text.includes(TOKEN), text);
  });

  it('models are listed from /v1/models', async () => {
    const vllm = await server({ flavor: 'vllm', models: ['deepseek-coder-6.7b-base', 'Qwen/Qwen2.5-Coder-7B'], token: TOKEN });
    assert.deepEqual(await listOpenAiCompatibleModels(vllm.url, { token: TOKEN }), ['deepseek-coder-6.7b-base', 'Qwen/Qwen2.5-Coder-7B']);
    await assert.rejects(listOpenAiCompatibleModels(vllm.url), (e: unknown) => e instanceof BackendError && e.kind === 'unauthorized');
  });

  it('a model with no known template is refused with the setting to set, before anything is sent', () => {
    assert.throws(
      () => new OpenAiCompatibleBackend({ baseUrl: 'http://127.0.0.1:1/v1', model: 'my-finetune', promptMode: 'rendered', template: chooseFimTemplate('my-finetune', 'auto') }),
      (e: unknown) => e instanceof BackendError && e.kind === 'config' && /my-finetune/.test(e.message) && /openaiCompatible\.fimTemplate/.test(e.message),
    );
  });
});

describe('OpenAI-compatible backend (TGI fixture)', () => {
  it('a stop sequence TGI sends along is cut, so a one-line completion has no newline; "eos_token" is a normal end with usage', async () => {
    const tgi = await server({ flavor: 'tgi', models: [TEAM_DEFAULT_MODEL] });
    const single = await collect(openai(tgi.url), request({ stop: fimStopSequences(true) }));
    assert.equal(textOf(single), 'total = sum(values)');
    const whole = await collect(openai(tgi.url));
    assert.equal(textOf(whole), TEAM_DEFAULT_ANSWER);
    const done = whole.at(-1);
    assert.ok(done?.type === 'done' && done.finishReason === 'stop' && (done.usage?.completionTokens ?? 0) > 0);
    assert.ok(!('suffix' in (tgi.completionRequests()[0].body as object)));
  });

  it('suffix mode: TGI\'s 422 tells the user to switch to the rendered mode; a missing token is "unauthorized" (401 with no body)', async () => {
    const tgi = await server({ flavor: 'tgi', token: TOKEN });
    const suffix = await failure(collect(openai(tgi.url, { mode: 'suffix', token: TOKEN })));
    assert.equal(suffix.kind, 'badRequest');
    assert.match(suffix.message, /promptMode to "rendered"/);
    assert.equal((await failure(collect(openai(tgi.url)))).kind, 'unauthorized');
    assert.deepEqual(await listOpenAiCompatibleModels(tgi.url), [TEAM_DEFAULT_MODEL], '/v1/models needs no token on TGI');
  });
});

describe('cutting a stream at a stop sequence', () => {
  const run = (stops: string[], pieces: string[]) => {
    const cutter = new StopCutter(stops);
    const shown = pieces.map((piece) => cutter.push(piece));
    return { shown, rest: cutter.flush(), stopped: cutter.stopped };
  };
  it('a stop split over two chunks is caught, and nothing after it is shown', () => {
    const result = run([FIM_HOLE, '\n'], ['x = 1', '<\uFF5Cfim', '\u2581hole\uFF5C>y', 'z']);
    assert.equal(result.shown.join(''), 'x = 1');
    assert.equal(result.stopped, true);
    assert.equal(result.rest, '');
  });
  it('a held-back start that turns out not to be a stop is shown with the next chunk or at the end', () => {
    const result = run(['<EOT>'], ['a <', 'b', ' <E']);
    assert.equal(result.shown.join('') + result.rest, 'a <b <E');
    assert.equal(result.stopped, false);
  });
});

describe('endpoint rules for team servers', () => {
  for (const [name, make] of [
    ['OpenAI-compatible', (url: string, allow?: boolean) => new OpenAiCompatibleBackend({ baseUrl: url, model: TEAM_DEFAULT_MODEL, promptMode: 'rendered', template: chooseFimTemplate(TEAM_DEFAULT_MODEL, 'auto'), allowRemoteHttp: allow })],
    ['llama.cpp', (url: string, allow?: boolean) => new LlamaCppBackend({ baseUrl: url, model: '', allowRemoteHttp: allow })],
  ] as const) {
    it(`${name}: plain http to another machine is refused unless opted in; such a server counts as leaving the machine`, () => {
      assert.throws(() => make('http://10.1.2.3:8000/v1'), (e: unknown) => e instanceof BackendError && e.kind === 'config' && /refused/.test(e.message));
      assert.equal(make('http://10.1.2.3:8000/v1', true).leavesMachine, true);
      assert.equal(make('https://gpu.example.internal/v1').leavesMachine, true);
      assert.equal(make('http://127.0.0.1:8000/v1').leavesMachine, false);
    });
  }
});

describe('llama.cpp backend (llama-server fixture)', () => {
  it('posts /infill with the current file alone in input_prefix, other files as input_extra, cache_prompt and n_predict', async () => {
    const llamaServer = await server({ flavor: 'llamacpp' });
    const events = await collect(llama(llamaServer.url), withContext);
    const [wire] = llamaServer.completionRequests();
    const body = wire.body as Record<string, unknown>;
    assert.equal(wire.path, '/infill');
    // The cursor line's typed part goes in `prompt`, which llama-server puts after the middle token.
    assert.equal(body.input_prefix, 'def total(values):\n');
    assert.equal(body.prompt, '    ');
    assert.equal(body.input_suffix, '\n\nprint(total([1]))\n');
    assert.deepEqual(body.input_extra, [{ filename: 'lib/money.py', text: 'def cents(x):\n    return round(x * 100)' }]);
    assert.equal(body.cache_prompt, true);
    assert.equal(body.n_predict, 64);
    assert.equal(body.stream, true);
    assert.deepEqual(body.stop, [], 'the server knows its model\'s own FIM tokens');
    assert.equal(textOf(events), TEAM_DEFAULT_ANSWER);
    const done = events.at(-1);
    assert.ok(done?.type === 'done' && done.finishReason === 'stop' && done.usage?.completionTokens === Math.ceil(TEAM_DEFAULT_ANSWER.length / 4));
  });

  it('without other files, input_extra is empty and the prefix goes whole; a newline stop ends one line; n_predict hit is "length"', async () => {
    const llamaServer = await server({ flavor: 'llamacpp' });
    assert.equal(textOf(await collect(llama(llamaServer.url), request({ stop: fimStopSequences(true) }))), 'total = sum(values)');
    assert.deepEqual((llamaServer.completionRequests()[0].body as { input_extra: unknown }).input_extra, []);
    const short = await collect(llama(llamaServer.url), request({ maxTokens: 2 }));
    assert.equal(textOf(short), 'total = ');
    assert.ok(short.at(-1)?.type === 'done' && (short.at(-1) as { finishReason: string }).finishReason === 'length');
  });

  it('a model without FIM tokens (501) says to load a FIM-trained base model', async () => {
    const llamaServer = await server({ flavor: 'llamacpp' });
    await llamaServer.setFault('noFim');
    const error = await failure(collect(llama(llamaServer.url)));
    assert.equal(error.kind, 'badRequest');
    assert.match(error.message, /base model/);
  });

  it('--api-key: Bearer token, 401 without it, token never in a message; models from /v1/models (no key needed) and /props', async () => {
    const llamaServer = await server({ flavor: 'llamacpp', token: TOKEN });
    assert.equal(textOf(await collect(llama(llamaServer.url, { token: TOKEN }))), TEAM_DEFAULT_ANSWER);
    const error = await failure(collect(llama(llamaServer.url, { token: 'wrong-token-1234' })));
    assert.equal(error.kind, 'unauthorized');
    assert.ok(!error.message.includes('wrong-token-1234') && !(error.detail ?? '').includes('wrong-token-1234'));
    assert.deepEqual(await listLlamaCppModels(llamaServer.url), [TEAM_DEFAULT_GGUF]);
  });
});

describe('each failure as the user sees it', () => {
  const faults: [string, TeamFault, BackendErrorKind][] = [
    ['refused', 'refuse', 'unreachable'],
    ['hang', 'hang', 'timeout'],
    ['5xx', { status: 503 }, 'server'],
    ['garbage', 'garbage', 'malformed'],
    ['cut mid-stream', 'cutMidStream', 'unreachable'],
    ['404 route', { status: 404 }, 'badRequest'],
  ];
  for (const flavor of ['vllm', 'tgi', 'llamacpp'] as const) {
    for (const [name, fault, kind] of faults) {
      it(`${flavor}: ${name} -> ${kind}`, async () => {
        const llamaServer = await server({ flavor });
        await llamaServer.setFault(fault);
        const backend = flavor !== 'llamacpp' ? openai(llamaServer.url, { timeoutMs: 300 }) : llama(llamaServer.url, { timeoutMs: 300 });
        const error = await failure(collect(backend));
        if (name === 'cut mid-stream') assert.ok(['unreachable', 'malformed'].includes(error.kind), error.kind);
        else assert.equal(error.kind, kind, error.message);
        assert.ok(error.message.length > 20 && !/undefined|\[object/.test(error.message), error.message);
      });
    }
  }
  it('an abort stops the llama.cpp stream and is an AbortError, not a failure', async () => {
    const llamaServer = await server({ flavor: 'llamacpp' });
    llamaServer.setLatency(0, 200);
    const controller = new AbortController();
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const event of llama(llamaServer.url).complete(request(), controller.signal)) {
          if (event.type === 'text') seen.push(event.text);
          controller.abort();
        }
      })(),
      (e: unknown) => e instanceof Error && e.name === 'AbortError',
    );
    assert.equal(seen.length, 1);
  });
});

describe('building a team-server backend from the settings', () => {
  const settings = (overrides: Partial<BackendSettings> = {}): BackendSettings => backendSettings({ backend: 'openaiCompatible', ...overrides });

  it('the status bar names the server and its model; the template follows the model or the setting', () => {
    const named = buildBackend(settings({ openaiCompatibleServerName: 'vLLM' }), undefined, silentLogger).backend;
    assert.ok(named instanceof OpenAiCompatibleBackend);
    assert.equal(`${named.label} · ${named.model}`, 'vLLM · deepseek-ai/deepseek-coder-6.7b-base');
    assert.equal(named.template?.id, 'deepseek-coder');
    const unnamed = buildBackend(settings(), undefined, silentLogger).backend;
    assert.equal(unnamed?.label, '127.0.0.1:8000', 'an unnamed server shows as its host and port');
    const forced = buildBackend(settings({ openaiCompatibleModel: 'team-finetune-v3', openaiCompatibleFimTemplate: 'deepseek-coder' }), undefined, silentLogger).backend;
    assert.ok(forced instanceof OpenAiCompatibleBackend && forced.template?.id === 'deepseek-coder');
    const llamaBackend = buildBackend(settings({ backend: 'llamaCpp' }), undefined, silentLogger).backend;
    assert.equal(`${llamaBackend?.label} · ${llamaBackend?.model}`, 'llama.cpp · loaded model');
  });

  it('an unknown model, a misspelt template or remote plain http is a config error that names the setting, and no backend', () => {
    const cases: [Partial<BackendSettings>, RegExp][] = [
      [{ openaiCompatibleModel: 'team-finetune-v3' }, /deepseekFim\.openaiCompatible\.fimTemplate/],
      [{ openaiCompatibleFimTemplate: 'deepseek' }, /not a FIM template.*deepseek-coder/],
      [{ openaiCompatibleBaseUrl: 'http://10.0.0.7:8000/v1' }, /deepseekFim\.openaiCompatible\.baseUrl/],
      [{ backend: 'llamaCpp', llamaCppBaseUrl: 'http://gpu-box:8080' }, /deepseekFim\.llamaCpp\.baseUrl/],
    ];
    for (const [overrides, message] of cases) {
      const build = buildBackend(settings(overrides), undefined, silentLogger);
      assert.equal(build.backend, undefined);
      assert.equal(build.error?.kind, 'config');
      assert.match(build.error?.message ?? '', message);
    }
    assert.ok(buildBackend(settings({ openaiCompatibleModel: 'team-finetune-v3', openaiCompatiblePromptMode: 'suffix' }), undefined, silentLogger).backend, 'suffix mode needs no template');
  });

  it('Restricted Mode treats a team server on another machine like the hosted API, and one on this machine like Ollama', () => {
    const remote = buildBackend(settings({ openaiCompatibleBaseUrl: 'https://gpu.team.example/v1' }), undefined, silentLogger).backend;
    const remoteHttp = buildBackend(settings({ backend: 'llamaCpp', llamaCppBaseUrl: 'http://10.0.0.7:8080', llamaCppAllowRemoteHttp: true }), undefined, silentLogger).backend;
    const local = buildBackend(settings(), undefined, silentLogger).backend;
    assert.equal(sendsCodeAway('openaiCompatible', remote), true);
    assert.equal(sendsCodeAway('llamaCpp', remoteHttp), true);
    assert.equal(sendsCodeAway('openaiCompatible', local), false);
    assert.equal(sendsCodeAway('ollama', buildBackend(settings({ backend: 'ollama' }), undefined, silentLogger).backend), false);
    assert.equal(sendsCodeAway('deepseek', undefined), true);
  });
});

describe('OpenAI-compatible backend (LM Studio fixture)', () => {
  it("LM Studio's /v1: the model list and a completion from the rendered prompt", async () => {
    const lmstudio = await server({ flavor: 'lmstudio', models: ['deepseek-coder-6.7b-base'] });
    assert.deepEqual(await listOpenAiCompatibleModels(lmstudio.url), ['deepseek-coder-6.7b-base']);
    const events = await collect(openai(lmstudio.url, { model: 'deepseek-coder-6.7b-base' }));
    assert.equal(textOf(events), TEAM_DEFAULT_ANSWER);
    assert.ok(!('suffix' in (lmstudio.completionRequests()[0].body as Record<string, unknown>)));
  });

  it('a base URL without /v1 (LM Studio answers 200 with an error) is a clear error, not empty ghost text', async () => {
    const lmstudio = await server({ flavor: 'lmstudio', models: ['deepseek-coder-6.7b-base'] });
    const error = await failure(collect(openai(lmstudio.url.replace(/\/v1$/, ''), { model: 'deepseek-coder-6.7b-base' })));
    assert.match(error.message + (error.detail ?? ''), /Unexpected endpoint/);
  });
});
