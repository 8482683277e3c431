import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEndpoint, resolveOllamaHost } from '../../src/backends/endpointPolicy';
import { BackendError } from '../../src/engine/errors';

describe('Ollama host resolution (setting, else OLLAMA_HOST, else default)', () => {
  const cases: [string, string | undefined, string][] = [
    ['', undefined, 'http://127.0.0.1:11434'],
    ['', 'localhost', 'http://localhost:11434'],
    ['', 'gpu-box:8080', 'http://gpu-box:8080'],
    ['', ':11500', 'http://127.0.0.1:11500'],
    ['', '0.0.0.0', 'http://127.0.0.1:11434'],
    ['', 'http://0.0.0.0:11434', 'http://127.0.0.1:11434'],
    ['', '::1', 'http://[::1]:11434'],
    ['', '[::1]:11434', 'http://[::1]:11434'],
    ['', 'https://ollama.example.com/', 'https://ollama.example.com'],
    ['http://127.0.0.1:9999', 'elsewhere', 'http://127.0.0.1:9999'],
  ];
  for (const [setting, env, expected] of cases) {
    it(`${JSON.stringify(setting)} with OLLAMA_HOST=${JSON.stringify(env)} -> ${expected}`, () => {
      assert.equal(resolveOllamaHost(setting, env === undefined ? {} : { OLLAMA_HOST: env }), expected);
      assert.doesNotThrow(() => new URL(expected));
    });
  }
});

describe('endpoint policy: code travels in clear text only to this machine', () => {
  for (const ok of ['http://127.0.0.1:11434', 'http://localhost:1', 'http://[::1]:2', 'http://127.8.9.10', 'https://api.deepseek.com/beta']) {
    it(`allows ${ok}`, () => assert.equal(checkEndpoint(ok, 's').href.length > 0, true));
  }
  for (const bad of ['http://192.168.1.5:11434', 'http://api.deepseek.com/beta', 'ftp://127.0.0.1', 'not a url']) {
    it(`refuses ${bad}, naming the setting`, () => {
      assert.throws(
        () => checkEndpoint(bad, 'deepseekFim.ollama.host'),
        (e: unknown) => e instanceof BackendError && e.kind === 'config' && e.message.includes('deepseekFim.ollama.host'),
      );
    });
  }
  it('allows plain http to a remote host only when the user opted in', () => {
    assert.equal(checkEndpoint('http://10.1.2.3:11434', 's', true).hostname, '10.1.2.3');
  });
});
