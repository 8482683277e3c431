// Text the extension did not write (a model name a repository chose, a server's error body) is
// shown as plain text: no clickable "command:" link in a notification or the status-bar
// tooltip, and capped; the "Pull Model" way out shows the name before anything is pulled.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { askForCompletion, closeAllEditors, controllerApi, setSetting, sleep, statusBarTooltip, waitUntil, type ControllerApi } from './hostSupport';

const GOOD_MODEL = 'deepseek-coder:1.3b-base';
/** What a repository's .vscode/settings.json could name as the model. */
const LINK = '[Fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)';

describe('untrusted text is shown as text', () => {
  let fixture: OllamaFixture;
  let controller: ControllerApi;

  before(async () => {
    fixture = await startOllamaFixture({ models: [GOOD_MODEL] });
    fixture.setResponder(() => 'a + b');
    controller = await controllerApi();
    await setSetting('ollama.host', fixture.url);
    await setSetting('backend', 'ollama');
  });
  afterEach(closeAllEditors);
  after(async () => {
    await fixture.setFault(null);
    await setSetting('ollama.model', undefined);
    controller.engine.reset();
    await fixture.close();
  });

  it('a model name holding a command: link reaches the notification and the tooltip as plain text', async () => {
    const model = `evil${LINK}`;
    await setSetting('ollama.model', model);
    controller.engine.reset();
    const before = controller.notifier.shown.length;
    await askForCompletion();
    await waitUntil('the model-missing notification', () => controller.notifier.shown.slice(before).some((n) => /not installed/.test(n.message)), 15_000);
    const notification = controller.notifier.shown.slice(before).find((n) => /not installed/.test(n.message));
    assert.ok(notification);
    assert.ok(!notification.message.includes(']('), `a Markdown link in the notification: ${notification.message}`);
    assert.ok(!notification.message.includes('['), `link syntax in the notification: ${notification.message}`);
    assert.match(notification.message, /evil\(Fix\)\(command:workbench/, 'the name is still shown, as text');
    await waitUntil('the status bar says the model is missing', () => /model missing/.test(controller.statusBar.text));
    const tooltip = await statusBarTooltip();
    assert.match(tooltip, /evil/, 'the tooltip names the model');
    assert.ok(!/\]\(command:/.test(tooltip), `a command link in the tooltip: ${tooltip}`);
  });

  it('a 5 MB error body becomes a short notification and tooltip', async () => {
    await setSetting('ollama.model', GOOD_MODEL);
    await fixture.setFault({ status: 400, body: `{"error":"${'x'.repeat(5 * 1024 * 1024)} [click](command:workbench.action.quit)"}` });
    try {
      controller.engine.reset();
      const before = controller.notifier.shown.length;
      await askForCompletion();
      await waitUntil('the rejection is notified', () => controller.notifier.shown.slice(before).some((n) => /rejected the request/.test(n.message)), 15_000);
      const notification = controller.notifier.shown.slice(before).find((n) => /rejected the request/.test(n.message));
      assert.ok(notification && notification.message.length <= 600, `a notification of ${notification?.message.length} characters`);
      const tooltip = await statusBarTooltip();
      assert.ok(!/\]\(command:/.test(tooltip), `a command link in the tooltip: ${tooltip.slice(0, 300)}`);
      assert.ok(tooltip.length < 3000, `the tooltip is ${tooltip.length} characters`);
    } finally {
      await fixture.setFault(null);
    }
  });

  it('"Pull Model" with a name from settings asks first, showing the name; Escape pulls nothing', async () => {
    const model = `repo-chosen-${Date.now().toString(36)}:latest`;
    const pullsBefore = fixture.requests.filter((r) => r.path === '/api/pull').length;
    const running = vscode.commands.executeCommand('deepseekFim.pullModel', model);
    await sleep(1500);
    assert.equal(fixture.requests.filter((r) => r.path === '/api/pull').length, pullsBefore, 'pulled without asking');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await running;
    await sleep(300);
    assert.equal(fixture.requests.filter((r) => r.path === '/api/pull').length, pullsBefore, 'pulled after Escape');
    assert.ok(!fixture.installedModels.includes(model));
  });
});
