// No request follows a redirect: a server answering 307/308 (or 301/302) makes every request of
// both backends (completion, chat, admin) fail with a message naming the server, and the code
// never reaches the redirect's target. Real clients (`ollama`, `openai`) against the fixtures.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { streamDeepSeekChat } from '../../src/backends/deepseek/chat';
import { streamOllamaChat } from '../../src/backends/ollama/chat';
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import { listDeepSeekModels } from '../../src/backends/deepseek/account';
import { listOllamaModels, pullOllamaModel } from '../../src/backends/ollama/admin';
import { LlamaCppBackend } from '../../src/backends/llamaCpp/llamaCppBackend';
import { OllamaBackend } from '../../src/backends/ollama/completion';
import { OpenAiCompatibleBackend } from '../../src/backends/openaiCompatible/openaiCompatibleBackend';
import { listLlamaCppModels, listOpenAiCompatibleModels } from '../../src/backends/teamServerModels';
import { BackendError } from '../../src/engine/errors';
import { fimStopSequences } from '../../src/engine/fimTemplate';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture, type DeepSeekFixture } from '../fixtures/deepseekFixture';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { startTeamServerFixture } from '../fixtures/teamServerFixture';

const MODEL = 'deepseek-coder:1.3b-base';
const SECRET_CODE = 'def secret_algorithm():';

/** A server on 127.0.0.1 that answers every request with `status` and a Location on `target`. */
async function startRedirector(status: number, target: () => string): Promise<{ url: string; hits: number; close(): Promise<void> }> {
  const state = { hits: 0 };
  const server: Server = createServer((request, response) => {
    state.hits++;
    request.resume();
    response.writeHead(status, { location: `${target()}${request.url ?? '/'}` });
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get hits() {
      return state.hits;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs `attempt`; it must fail with a 'config' BackendError that names the redirecting server. */
async function assertRefused(attempt: () => Promise<unknown>, server: string): Promise<void> {
  let caught: unknown;
  try {
    await attempt();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof BackendError, `expected a BackendError, got ${String(caught)}`);
  assert.equal(caught.kind, 'config');
  assert.match(caught.message, /redirect/);
  assert.ok(caught.message.includes(server), `the message does not name ${server}: ${caught.message}`);
}

async function drain<T>(stream: AsyncIterable<T>): Promise<void> {
  for await (const item of stream) void item;
}

describe('redirects are refused', () => {
  let ollama: OllamaFixture;
  let deepseek: DeepSeekFixture;

  before(async () => {
    ollama = await startOllamaFixture({ models: [MODEL] });
    deepseek = await startDeepSeekFixture();
  });
  after(async () => {
    await ollama.close();
    await deepseek.close();
  });

  for (const status of [307, 308, 302]) {
    it(`Ollama ${status}: completion, chat, model list and pull fail naming the server; the target gets nothing`, async () => {
      const redirector = await startRedirector(status, () => ollama.url);
      try {
        const before = ollama.requests.length;
        const signal = new AbortController().signal;
        const backend = new OllamaBackend({ host: redirector.url, model: MODEL, keepAlive: '30m' });
        const request = { model: MODEL, prefix: SECRET_CODE, suffix: '', maxTokens: 16, temperature: 0, stop: fimStopSequences(false) };
        await assertRefused(() => drain(backend.complete(request, signal)), redirector.url);
        await assertRefused(() => drain(streamOllamaChat({ host: redirector.url, model: MODEL, messages: [{ role: 'user', content: SECRET_CODE }], signal, keepAlive: '30m' })), redirector.url);
        await assertRefused(() => listOllamaModels(redirector.url), redirector.url);
        await assertRefused(() => pullOllamaModel(redirector.url, MODEL, () => undefined, signal), redirector.url);
        assert.equal(redirector.hits, 4);
        assert.equal(ollama.requests.length, before, 'a request reached the redirect target');
      } finally {
        await redirector.close();
      }
    });
  }

  for (const status of [307, 308]) {
    it(`DeepSeek ${status}: completion, chat and model list fail naming the server; the target gets nothing`, async () => {
      const redirector = await startRedirector(status, () => deepseek.url);
      try {
        const before = deepseek.requests.length;
        const signal = new AbortController().signal;
        const backend = new DeepSeekBackend({ baseUrl: `${redirector.url}/beta`, model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY });
        const request = { model: 'deepseek-v4-flash', prefix: SECRET_CODE, suffix: '', maxTokens: 16, temperature: 0, stop: fimStopSequences(false) };
        await assertRefused(() => drain(backend.complete(request, signal)), redirector.url);
        const messages = [{ role: 'user' as const, content: SECRET_CODE }];
        await assertRefused(() => drain(streamDeepSeekChat({ baseUrl: redirector.url, apiKey: FIXTURE_DEFAULT_KEY, model: 'deepseek-v4-flash', messages, thinking: false, signal })), redirector.url);
        await assertRefused(() => listDeepSeekModels(redirector.url, FIXTURE_DEFAULT_KEY), redirector.url);
        assert.equal(redirector.hits, 3);
        assert.equal(deepseek.requests.length, before, 'a request reached the redirect target');
      } finally {
        await redirector.close();
      }
    });
  }

  it('team servers 307 (OpenAI-compatible, llama.cpp): completion and model list fail naming the server; the target gets nothing', async () => {
    const vllm = await startTeamServerFixture({ flavor: 'vllm' });
    const llama = await startTeamServerFixture({ flavor: 'llamacpp' });
    const toVllm = await startRedirector(307, () => vllm.url);
    const toLlama = await startRedirector(307, () => llama.url);
    try {
      const signal = new AbortController().signal;
      const request = { model: 'm', prefix: SECRET_CODE, suffix: '', maxTokens: 16, temperature: 0, stop: fimStopSequences(false) };
      const compatible = new OpenAiCompatibleBackend({ baseUrl: `${toVllm.url}/v1`, model: 'm', promptMode: 'suffix', template: undefined });
      await assertRefused(() => drain(compatible.complete(request, signal)), toVllm.url);
      await assertRefused(() => listOpenAiCompatibleModels(`${toVllm.url}/v1`), toVllm.url);
      const llamaCpp = new LlamaCppBackend({ baseUrl: toLlama.url, model: 'm' });
      await assertRefused(() => drain(llamaCpp.complete(request, signal)), toLlama.url);
      await assertRefused(() => listLlamaCppModels(toLlama.url), toLlama.url);
      assert.equal(vllm.requests.length + llama.requests.length, 0, 'a request reached the redirect target');
    } finally {
      await Promise.all([toVllm.close(), toLlama.close(), vllm.close(), llama.close()]);
    }
  });
});
