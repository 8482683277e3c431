import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { silentLogger } from '../../src/engine/types';
import { buildBackend } from '../../src/vscode/backendFactory';
import type { BackendSettings } from '../../src/vscode/config';
import { backendSettings } from '../support/backendSettings';

const SETTINGS: BackendSettings = backendSettings();

describe('building the backend from the settings', () => {
  const saved = process.env.OLLAMA_HOST;
  afterEach(() => {
    if (saved === undefined) delete process.env.OLLAMA_HOST;
    else process.env.OLLAMA_HOST = saved;
  });

  it('a refused plain-http OLLAMA_HOST is named as the environment variable, not as a setting', () => {
    process.env.OLLAMA_HOST = 'http://gpu-box.lan:11434';
    const build = buildBackend(SETTINGS, undefined, silentLogger);
    assert.equal(build.backend, undefined);
    assert.equal(build.error?.kind, 'config');
    assert.match(build.error?.message ?? '', /OLLAMA_HOST environment variable/);
  });

  it('the same address in the setting is named as the setting', () => {
    delete process.env.OLLAMA_HOST;
    const build = buildBackend({ ...SETTINGS, ollamaHost: 'http://gpu-box.lan:11434' }, undefined, silentLogger);
    assert.match(build.error?.message ?? '', /deepseekFim\.ollama\.host/);
    assert.doesNotMatch(build.error?.message ?? '', /OLLAMA_HOST environment/);
  });

  it('a loopback OLLAMA_HOST builds an Ollama backend for it', () => {
    process.env.OLLAMA_HOST = '127.0.0.1:11500';
    const build = buildBackend(SETTINGS, undefined, silentLogger);
    assert.equal(build.error, undefined);
    assert.equal(build.backend?.model, 'deepseek-coder:1.3b-base');
  });
});
