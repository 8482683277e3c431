// Model management (list, pull, version) through the real `ollama` client against the fixture.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { DEEPSEEK_CODER_BASE_MODELS, listOllamaModels, ollamaVersion, pullOllamaModel, type PullProgress } from '../../src/backends/ollama/admin';
import { OllamaBackend } from '../../src/backends/ollama/completion';
import { BackendError, isAbortError } from '../../src/engine/errors';
import { fimStopSequences } from '../../src/engine/fimTemplate';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';

const never = new AbortController().signal;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

function backendError(error: unknown): BackendError {
  assert.ok(error instanceof BackendError, `expected a BackendError, got ${String(error)}`);
  return error;
}

describe('Ollama model management', () => {
  let fixture: OllamaFixture;

  before(async () => {
    fixture = await startOllamaFixture({ models: ['deepseek-coder:1.3b-base', 'deepseek-coder-v2:16b-lite-base'] });
  });
  afterEach(async () => {
    await fixture.waitUntil((f) => f.requests.every((r) => r.endedAt !== undefined));
    await fixture.setFault(null);
    fixture.setLatency({ firstTokenMs: 10, perTokenMs: 1 });
    fixture.clearRequests();
  });
  after(async () => {
    await fixture.close();
  });

  it('lists the installed models with size, parameter size and family', async () => {
    const models = await listOllamaModels(fixture.url);
    assert.deepEqual(
      models.map((m) => m.name),
      ['deepseek-coder:1.3b-base', 'deepseek-coder-v2:16b-lite-base'],
    );
    assert.deepEqual(models[0], { name: 'deepseek-coder:1.3b-base', size: 776080839, parameterSize: '1B', family: 'llama' });
    assert.equal(models[1].family, 'deepseek2');
    assert.equal(fixture.requests[0].path, '/api/tags');
  });

  it('reads the server version', async () => {
    assert.equal(await ollamaVersion(fixture.url), '0.5.1');
  });

  it('offers exactly the three FIM-capable DeepSeek Coder base tags', () => {
    assert.deepEqual(DEEPSEEK_CODER_BASE_MODELS, ['deepseek-coder:1.3b-base', 'deepseek-coder:6.7b-base', 'deepseek-coder-v2:16b-lite-base']);
  });

  it('pulls a model with progress up to 100%, after which it is listed and completes', async () => {
    const model = 'deepseek-coder:6.7b-base';
    const progress: PullProgress[] = [];
    await pullOllamaModel(fixture.url, model, (p) => progress.push(p), never);

    const statuses = progress.map((p) => p.status);
    assert.equal(statuses[0], 'pulling manifest');
    assert.deepEqual(statuses.slice(-3), ['verifying sha256 digest', 'writing manifest', 'success']);
    const layerStatus = statuses.find((s) => s !== 'pulling manifest' && s.startsWith('pulling '));
    assert.match(layerStatus ?? '', /^pulling [0-9a-f]{12}$/);
    const firstLayer = progress.filter((p) => p.status === layerStatus);
    assert.equal(firstLayer[0].completed, undefined, 'Ollama sends no `completed` at first');
    assert.equal(firstLayer[0].percent, 0);
    const percents = firstLayer.map((p) => p.percent ?? -1);
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      'never goes backwards within a layer',
    );
    assert.equal(percents.at(-1), 100);
    assert.equal(firstLayer.at(-1)?.completed, firstLayer.at(-1)?.total);
    assert.ok((firstLayer[0].total ?? 0) > 3e9, 'the weights layer is the big one');
    assert.equal(progress.at(-1)?.percent, 100);

    assert.ok((await listOllamaModels(fixture.url)).some((m) => m.name === model));
    const backend = new OllamaBackend({ host: fixture.url, model, keepAlive: '30m' });
    const events = [];
    for await (const event of backend.complete({ model, prefix: 'x = ', suffix: '', maxTokens: 16, temperature: 0.2, stop: fimStopSequences(true) }, never)) events.push(event);
    assert.equal(events.at(-1)?.type, 'done');
  });

  it('sends the pull request the client way, and the fixture accepts it', async () => {
    await pullOllamaModel(fixture.url, 'deepseek-coder:1.3b-instruct', () => undefined, never);
    const pull = fixture.requests.find((r) => r.path === '/api/pull');
    assert.deepEqual(pull?.body, { name: 'deepseek-coder:1.3b-instruct', stream: true });
  });

  it('a model the registry does not have fails as modelMissing and is not installed', async () => {
    const statuses: string[] = [];
    const error = backendError(await rejection(pullOllamaModel(fixture.url, 'deepseek-coder:99b-base', (p) => statuses.push(p.status), never)));
    assert.equal(error.kind, 'modelMissing');
    assert.equal(error.message, 'Ollama could not find deepseek-coder:99b-base to pull: pull model manifest: file does not exist');
    assert.deepEqual(statuses, ['pulling manifest']);
    assert.ok(!(await listOllamaModels(fixture.url)).some((m) => m.name === 'deepseek-coder:99b-base'));
  });

  it('an error line in the middle of a pull is thrown with Ollama’s words', async () => {
    await fixture.setFault('inStreamError', { paths: ['/api/pull'] });
    const error = backendError(await rejection(pullOllamaModel(fixture.url, 'deepseek-coder:6.7b-instruct', () => undefined, never)));
    assert.equal(error.kind, 'server');
    assert.match(error.message, /^Pulling deepseek-coder:6\.7b-instruct failed: .*out of memory$/);
    assert.ok(!(await listOllamaModels(fixture.url)).some((m) => m.name === 'deepseek-coder:6.7b-instruct'));
  });

  it('cancelling a pull aborts the download: AbortError, and the model is not installed', async () => {
    fixture.setLatency({ perTokenMs: 30 });
    const controller = new AbortController();
    const seen: PullProgress[] = [];
    const pulling = pullOllamaModel(
      fixture.url,
      'deepseek-coder-v2:16b-lite-instruct',
      (p) => {
        seen.push(p);
        if (p.total !== undefined) controller.abort();
      },
      controller.signal,
    );
    assert.ok(isAbortError(await rejection(pulling)));
    await fixture.waitUntil((f) => f.requests.some((r) => r.path === '/api/pull' && r.aborted));
    assert.ok(seen.length < 5, `stopped after ${seen.length} progress lines`);
    assert.ok(!fixture.installedModels.includes('deepseek-coder-v2:16b-lite-instruct'));
  });

  it('an already-cancelled pull sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    assert.ok(isAbortError(await rejection(pullOllamaModel(fixture.url, 'deepseek-coder:6.7b-base', () => undefined, controller.signal))));
    assert.equal(fixture.requests.length, 0);
  });

  it('a server that is down: listing fails as unreachable with the hint', async () => {
    await fixture.setFault('refuse');
    const error = backendError(await rejection(listOllamaModels(fixture.url)));
    assert.equal(error.kind, 'unreachable');
    assert.equal(error.message, `Ollama is not reachable at ${fixture.url}. Start it with \`ollama serve\` or set deepseekFim.ollama.host.`);
  });

  it('a server that never answers: the version check times out and leaves nothing open', async () => {
    await fixture.setFault('hang', { paths: ['/api/version'] });
    const started = Date.now();
    const error = backendError(await rejection(ollamaVersion(fixture.url, { timeoutMs: 200 })));
    assert.equal(error.kind, 'timeout');
    assert.equal(error.message, `Ollama at ${fixture.url} did not answer within 0.2 s.`);
    assert.ok(Date.now() - started < 1500);
    await fixture.waitUntil((f) => f.requests.some((r) => r.path === '/api/version' && r.aborted));
  });

  it('a server that is not Ollama is named as such when listing', async () => {
    await fixture.setFault({ status: 404, body: '404 page not found' }, { paths: ['/api/tags'] });
    const error = backendError(await rejection(listOllamaModels(fixture.url)));
    assert.equal(error.kind, 'config');
  });

  it('refuses plain http to a remote host before sending anything', async () => {
    const error = backendError(await rejection(listOllamaModels('http://10.0.0.5:11434')));
    assert.equal(error.kind, 'config');
    assert.match(error.message, /deepseekFim\.ollama\.host/);
  });
});
