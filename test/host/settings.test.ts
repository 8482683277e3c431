// Settings changed as a user changes them take effect at once, without a window reload.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { activateExtension, closeAllEditors, openEditor, setSetting, sleep, statusBarText, waitUntil } from './hostSupport';

/** Longer than the debounce (200 ms) plus the fixture's answer: long enough for a request to show up. */
const QUIET_PERIOD_MS = 1500;

describe('settings take effect without a reload', () => {
  let fixture: OllamaFixture;

  before(async () => {
    fixture = await startOllamaFixture({ models: ['deepseek-coder:1.3b-base', 'deepseek-coder:6.7b-base'] });
    fixture.setResponder(() => 'a + b');
    await activateExtension();
    await setSetting('ollama.host', fixture.url);
    await setSetting('ollama.model', 'deepseek-coder:1.3b-base');
    await setSetting('backend', 'ollama');
  });

  afterEach(closeAllEditors);

  after(async () => {
    await setSetting('backend', 'ollama');
    await setSetting('ollama.model', undefined);
    await fixture.close();
  });

  async function askForCompletion(): Promise<void> {
    await openEditor('python', 'def add(a, b):\n    return \n', 1, 11);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
  }

  it('backend "off": the status bar says so and the server is not asked', async () => {
    await setSetting('backend', 'off');
    await waitUntil('the status bar says off', async () => /\boff\b/i.test(await statusBarText()));
    const before = fixture.generateRequests().length;
    await askForCompletion();
    await sleep(QUIET_PERIOD_MS);
    assert.equal(fixture.generateRequests().length, before, 'a request reached the server with the backend off');
  });

  it('backend back to "ollama": the status bar names it and requests resume', async () => {
    await setSetting('backend', 'ollama');
    await waitUntil('the status bar names Ollama', async () => /Ollama/.test(await statusBarText()));
    const before = fixture.generateRequests().length;
    await askForCompletion();
    await fixture.waitUntil((f) => f.generateRequests().length > before, 10_000);
  });

  it('a new ollama.model is used by the next request and shown in the status bar', async () => {
    await setSetting('ollama.model', 'deepseek-coder:6.7b-base');
    await waitUntil('the status bar names the new model', async () => (await statusBarText()).includes('deepseek-coder:6.7b-base'));
    const before = fixture.generateRequests().length;
    await askForCompletion();
    await fixture.waitUntil((f) => f.generateRequests().length > before, 10_000);
    const body = fixture.generateRequests()[before].body as { model?: string };
    assert.equal(body.model, 'deepseek-coder:6.7b-base');
  });
});
