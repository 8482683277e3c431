// Every status-bar state a user can meet, produced by the fixture servers as the real servers
// would produce them, plus snooze and per-language enable, inside the real extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startDeepSeekFixture, type DeepSeekFixture } from '../fixtures/deepseekFixture';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import {
  QUIET_MS,
  askForCompletion as ask,
  closeAllEditors,
  controllerApi as controller,
  setSetting,
  sleep,
  statusBarTooltip as tooltip,
  waitForStatus,
  waitUntil,
} from './hostSupport';

describe('status bar states (Ollama)', () => {
  let ollama: OllamaFixture;

  before(async () => {
    ollama = await startOllamaFixture({ models: ['deepseek-coder:1.3b-base'] });
    ollama.setResponder(() => 'a + b');
    await setSetting('ollama.host', ollama.url);
    await setSetting('ollama.model', 'deepseek-coder:1.3b-base');
    await setSetting('backend', 'ollama');
  });
  afterEach(closeAllEditors);
  after(async () => {
    await vscode.commands.executeCommand('deepseekFim.resume');
    await setSetting('enable', undefined);
    await setSetting('ollama.model', undefined);
    await ollama.close();
  });

  it('ready: names the backend and the model', async () => {
    await waitForStatus(/Ollama · deepseek-coder:1\.3b-base/);
  });

  it('model missing: says so, with exactly one notification over several requests', async () => {
    await setSetting('ollama.model', 'deepseek-coder:6.7b-base');
    const before = (await controller()).notifier.count;
    await ask();
    await waitForStatus(/model missing/);
    for (let i = 0; i < 3; i++) {
      (await controller()).engine.reset(); // skip the back-off so every attempt reaches the server
      await ask();
      await sleep(300);
    }
    assert.equal((await controller()).notifier.count - before, 1, 'notifications for one missing model');
    await setSetting('ollama.model', 'deepseek-coder:1.3b-base');
  });

  it('server unreachable: says so, and comes back by itself when the server does', async () => {
    await ollama.setFault('refuse');
    (await controller()).engine.reset();
    await ask();
    await waitForStatus(/unreachable/);
    await ollama.setFault(null);
    await sleep(1100); // the first back-off
    await ask();
    await waitForStatus(/Ollama · deepseek-coder/);
  });

  it('snooze stops every request until resumed', async () => {
    await vscode.commands.executeCommand('deepseekFim.snooze', 5);
    await waitForStatus(/Snoozed 5m/);
    const before = ollama.generateRequests().length;
    await ask();
    await sleep(QUIET_MS);
    assert.equal(ollama.generateRequests().length, before, 'a request while snoozed');
    await vscode.commands.executeCommand('deepseekFim.resume');
    await waitForStatus(/Ollama · /);
    await ask();
    await ollama.waitUntil((f) => f.generateRequests().length > before, 10_000);
  });

  it('disabling a language stops requests there only', async () => {
    await vscode.commands.executeCommand('deepseekFim.toggleLanguage', 'python');
    const before = ollama.generateRequests().length;
    await ask('python');
    await waitForStatus(/off for python/);
    await sleep(QUIET_MS);
    assert.equal(ollama.generateRequests().length, before, 'a request in a disabled language');
    await closeAllEditors();
    await ask('typescript');
    await ollama.waitUntil((f) => f.generateRequests().length > before, 10_000);
    await vscode.commands.executeCommand('deepseekFim.toggleLanguage', 'python');
  });

  it('slow completions: the tooltip says the likely cause instead of showing nothing', async () => {
    // Off and back: a backend (or model) change starts the latency record afresh.
    await setSetting('backend', 'off');
    await setSetting('backend', 'ollama');
    await waitForStatus(/Ollama · deepseek-coder:1\.3b-base/);
    assert.doesNotMatch(await tooltip(), /Completions are slow/);
    ollama.setLatency({ firstTokenMs: 2300 });
    try {
      // Four answers that each take over 2 s: the median the health check looks at.
      for (let i = 0; i < 4; i++) {
        const before = ollama.generateRequests().length;
        await ask();
        await ollama.waitUntil((f) => f.generateRequests().length > before, 10_000);
        await sleep(2600);
        await closeAllEditors();
      }
      await waitUntil('the tooltip names the slowness', async () => /Completions are slow \(median [0-9.]+ s\).*deepseek-coder:1\.3b-base/s.test(await tooltip()), 10_000);
    } finally {
      ollama.setLatency({ firstTokenMs: 0 });
    }
  });

  it('files matching deepseekFim.exclude get no completion and nothing is sent', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the host suite runs with a workspace folder');
    const uri = vscode.Uri.joinPath(folder.uri, '.env.local');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('API_TOKEN=\n'));
    const before = ollama.generateRequests().length;
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    editor.selection = new vscode.Selection(0, 10, 0, 10);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await sleep(QUIET_MS);
    assert.equal(ollama.generateRequests().length, before, 'a request for an excluded file');
    assert.ok(!ollama.requests.some((r) => JSON.stringify(r.body ?? '').includes('API_TOKEN')), 'the excluded content reached the server');
  });
});

describe('status bar states (DeepSeek API)', () => {
  const goodKey = 'sk-fixture-good-0001';
  const brokeKey = 'sk-fixture-broke-0002';
  let deepseek: DeepSeekFixture;

  before(async () => {
    deepseek = await startDeepSeekFixture({ keys: [goodKey, brokeKey], brokeKeys: [brokeKey] });
    await setSetting('deepseek.baseUrl', `${deepseek.url}/beta`);
    await setSetting('backend', 'deepseek');
  });
  afterEach(closeAllEditors);
  after(async () => {
    await (await controller()).keys.clear();
    await setSetting('backend', 'ollama');
    await setSetting('deepseek.baseUrl', undefined);
    await deepseek.close();
  });

  it('no key: the status bar says so and nothing is sent', async () => {
    await (await controller()).keys.clear();
    if (process.env.DEEPSEEK_API_KEY) return assert.fail('DEEPSEEK_API_KEY is set in the host environment');
    await waitForStatus(/no API key/);
    await ask();
    await sleep(QUIET_MS);
    assert.equal(deepseek.completionRequests().length, 0);
  });

  it('ready with a key: names DeepSeek and the model; completions come with the Bearer key', async () => {
    await (await controller()).keys.store(goodKey);
    await waitForStatus(/DeepSeek · deepseek-flash/);
    await ask();
    await waitUntil('a FIM request', () => deepseek.completionRequests().length > 0);
    assert.equal(deepseek.completionRequests()[0].headers.authorization, `Bearer ${goodKey}`);
  });

  it('key rejected (401): says so once and stops asking', async () => {
    await (await controller()).keys.store('sk-unknown-key-9999');
    const before = (await controller()).notifier.count;
    const sent = deepseek.completionRequests().length;
    await ask();
    await waitForStatus(/key rejected/);
    await ask();
    await sleep(QUIET_MS);
    assert.equal(deepseek.completionRequests().length, sent + 1, 'requests after the key was rejected');
    assert.equal((await controller()).notifier.count - before, 1);
  });

  it('balance empty (402): says so, completions paused', async () => {
    await (await controller()).keys.store(brokeKey);
    await ask();
    await waitForStatus(/balance empty/);
    const sent = deepseek.completionRequests().length;
    await ask();
    await sleep(QUIET_MS);
    assert.equal(deepseek.completionRequests().length, sent, 'requests while the balance is empty');
  });

  it('rate-limited (429): backs off quietly and resumes', async () => {
    await (await controller()).keys.store(goodKey);
    await deepseek.setFault({ status: 429 });
    await ask();
    await waitForStatus(/rate-limited/);
    await deepseek.setFault(null);
    await sleep(1100);
    await ask();
    await waitForStatus(/DeepSeek · deepseek-flash/);
  });
});
