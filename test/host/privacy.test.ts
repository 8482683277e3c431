// Privacy, inside the real extension host: a cloned repository's .vscode/settings.json cannot
// send code or the key elsewhere, and the DeepSeek key never shows up in what the user sees
// (notifications, status bar) or in what is written (the log file, settings.json).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { startDeepSeekFixture, type DeepSeekFixture } from '../fixtures/deepseekFixture';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { QUIET_MS, askForCompletion, closeAllEditors, controllerApi, setSetting, sleep, waitForStatus, waitUntil, type ControllerApi } from './hostSupport';
import { BROKE_KEY, ECHOED_KEY, GOOD_KEY, REJECTED_KEY, keyLeaks } from './privacyKeys';

function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host suite runs with a workspace folder');
  return folder;
}

describe('privacy: workspace settings cannot redirect code or the key', () => {
  let controller: ControllerApi;
  let userOllama: OllamaFixture;
  let userDeepSeek: DeepSeekFixture;
  let attackerOllama: OllamaFixture;
  let attackerDeepSeek: DeepSeekFixture;
  let revision = 0;
  const settingsFile = () => vscode.Uri.joinPath(workspaceFolder().uri, '.vscode', 'settings.json');

  /**
   * Writes the repository's .vscode/settings.json with `values` and waits until VS Code has
   * read it: the file also sets editor.rulers to a value of its own, which then reads back.
   */
  async function writeWorkspaceSettings(values: Record<string, unknown>): Promise<void> {
    const marker = [100 + ++revision];
    await vscode.workspace.fs.writeFile(settingsFile(), new TextEncoder().encode(JSON.stringify({ ...values, 'editor.rulers': marker }, null, 2)));
    await waitUntil('VS Code has read the workspace settings', () => JSON.stringify(vscode.workspace.getConfiguration('editor').inspect('rulers')?.workspaceValue) === JSON.stringify(marker));
  }

  /** Until the user's server or an attacker's got a completion request (or 10 s), then a quiet period. */
  async function waitForARequest(atUser: () => boolean): Promise<void> {
    const atAttackers = () => attackerOllama.generateRequests().length + attackerDeepSeek.completionRequests().length > 0;
    await waitUntil('a completion request', () => atUser() || atAttackers()).catch(() => undefined); // the asserts after say where it went
    await sleep(QUIET_MS);
  }

  /** Nobody but `user` got anything: not a completion, not a model list, not a key. */
  function assertAttackersUntouched(): void {
    assert.deepEqual(
      attackerOllama.requests.map((r) => `${r.method} ${r.path}`),
      [],
      'requests to the Ollama server named by the workspace',
    );
    assert.deepEqual(
      attackerDeepSeek.requests.map((r) => `${r.method} ${r.path} (${r.headers.authorization ?? 'no key'})`),
      [],
      'requests to the DeepSeek URL named by the workspace',
    );
  }

  before(async () => {
    controller = await controllerApi();
    userOllama = await startOllamaFixture();
    attackerOllama = await startOllamaFixture();
    userDeepSeek = await startDeepSeekFixture({ keys: [GOOD_KEY] });
    attackerDeepSeek = await startDeepSeekFixture({ keys: [GOOD_KEY] });
    for (const fixture of [userOllama, attackerOllama]) fixture.setResponder(() => 'a + b');
    await setSetting('ollama.host', userOllama.url);
    await setSetting('deepseek.baseUrl', userDeepSeek.betaUrl);
    await setSetting('backend', 'ollama');
    controller.engine.reset();
  });

  afterEach(closeAllEditors);

  after(async () => {
    await vscode.workspace.fs.delete(settingsFile()).then(undefined, () => undefined);
    await waitUntil('the workspace settings are gone', () => vscode.workspace.getConfiguration('editor').inspect('rulers')?.workspaceValue === undefined);
    await controller.keys.clear();
    await setSetting('backend', 'ollama');
    await setSetting('deepseek.baseUrl', undefined);
    for (const fixture of [userOllama, attackerOllama, userDeepSeek, attackerDeepSeek]) await fixture.close();
  });

  it('Ollama user: a workspace naming another Ollama host, and the DeepSeek backend at another URL, is ignored', async () => {
    await writeWorkspaceSettings({
      'deepseekFim.ollama.host': attackerOllama.url,
      'deepseekFim.ollama.allowRemoteHttp': true,
      'deepseekFim.backend': 'deepseek',
      'deepseekFim.deepseek.baseUrl': attackerDeepSeek.betaUrl,
      'deepseekFim.deepseek.chatBaseUrl': attackerDeepSeek.url,
    });
    const before = userOllama.generateRequests().length;
    await askForCompletion();
    await waitForARequest(() => userOllama.generateRequests().length > before);
    assertAttackersUntouched();
    assert.ok(userOllama.generateRequests().length > before, 'no request reached the Ollama host of the user settings');
    assert.match(controller.statusBar.text, /Ollama/);
  });

  it('DeepSeek user: a workspace naming another DeepSeek URL (and Ollama at another host) is ignored; the key goes only to the configured URL', async () => {
    await controller.keys.store(GOOD_KEY);
    await setSetting('backend', 'deepseek');
    await writeWorkspaceSettings({
      'deepseekFim.deepseek.baseUrl': attackerDeepSeek.betaUrl,
      'deepseekFim.deepseek.chatBaseUrl': attackerDeepSeek.url,
      'deepseekFim.backend': 'ollama',
      'deepseekFim.ollama.host': attackerOllama.url,
    });
    const before = userDeepSeek.completionRequests().length;
    await askForCompletion();
    await waitForARequest(() => userDeepSeek.completionRequests().length > before);
    assertAttackersUntouched();
    assert.ok(userDeepSeek.completionRequests().length > before, 'no request reached the DeepSeek URL of the user settings');
    assert.equal(userDeepSeek.completionRequests()[before].headers.authorization, `Bearer ${GOOD_KEY}`);
    await waitForStatus(/DeepSeek · /);
  });
});

describe('privacy: the DeepSeek key stays out of what is shown and written', () => {
  let controller: ControllerApi;
  let deepseek: DeepSeekFixture;
  /** Everything the user could read, by where it was shown. */
  const shownTexts: { where: string; text: string }[] = [];

  /** The status-bar item's text, tooltip and screen-reader label as they are now. */
  function recordStatusBar(step: string): void {
    const item = (controller.statusBar as unknown as { item?: vscode.StatusBarItem }).item;
    assert.ok(item, 'the status bar no longer keeps its item in `item`: update this test');
    const tooltip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
    shownTexts.push({ where: `status bar after ${step}`, text: [item.text, tooltip, item.accessibilityInformation?.label ?? ''].join('\n') });
  }

  /** As "Set API Key" does: store the key, and let its problems be reported again. */
  async function useKey(key: string): Promise<void> {
    controller.notifier.forget('unauthorized');
    controller.notifier.forget('noBalance');
    await controller.keys.store(key);
    controller.engine.reset();
  }

  /** The extension's log file on disk (its LogOutputChannel writes into context.logUri). */
  function logFile(): string {
    const logUri = (controller as unknown as { context?: vscode.ExtensionContext }).context?.logUri;
    assert.ok(logUri, 'the controller no longer keeps the extension context in `context`: update this test');
    assert.equal(logUri.scheme, 'file', 'the extension host writes its logs elsewhere than to local files');
    return join(logUri.fsPath, 'DeepSeek FIM.log');
  }

  /** User (and, in a remote window, Machine) settings.json, from the user-data folder above the logs. */
  function settingsFiles(): string[] {
    let dir = dirname(logFile());
    while (basename(dir) !== 'logs' && dirname(dir) !== dir) dir = dirname(dir);
    assert.equal(basename(dir), 'logs', `no logs folder above ${logFile()}`);
    const userData = dirname(dir);
    const files = [join(userData, 'User', 'settings.json'), join(userData, 'Machine', 'settings.json')].filter((file) => existsSync(file));
    assert.ok(files.length > 0, `no settings.json under ${userData}`);
    return files;
  }

  before(async () => {
    controller = await controllerApi();
    deepseek = await startDeepSeekFixture({ keys: [ECHOED_KEY, GOOD_KEY], brokeKeys: [BROKE_KEY] });
    await setSetting('deepseek.baseUrl', deepseek.betaUrl);
    await setSetting('backend', 'deepseek');
  });

  afterEach(closeAllEditors);

  after(async () => {
    await deepseek.setFault(null);
    await controller.keys.clear();
    await vscode.commands.executeCommand('deepseekFim.resume');
    await setSetting('backend', 'ollama');
    await setSetting('deepseek.baseUrl', undefined);
    await deepseek.close();
  });

  it('after 401 (DeepSeek quoting the tail; a proxy quoting it whole), 402 and a 400 quoting it: the key is in no notification, status bar, log file or settings.json', async () => {
    const firstNotification = controller.notifier.shown.length;

    await useKey(REJECTED_KEY); // unknown to the server: "Authentication Fails, Your api key: ****Zq_J is invalid"
    await askForCompletion();
    await waitForStatus(/key rejected/);
    recordStatusBar('401 from DeepSeek');

    await deepseek.setFault({
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${ECHOED_KEY}. You can find your API key at your account page.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
    });
    await useKey(ECHOED_KEY);
    await askForCompletion();
    await waitForStatus(/key rejected/);
    recordStatusBar('401 quoting the whole key');

    await deepseek.setFault(null);
    await useKey(BROKE_KEY);
    await askForCompletion();
    await waitForStatus(/balance empty/);
    recordStatusBar('402');

    // A 400's own words are shown to the user (after scrubbing): the worst place for a key.
    await deepseek.setFault({ status: 400, body: { error: { message: `Invalid max_tokens for key ${GOOD_KEY} (tail ****${GOOD_KEY.slice(-4)})`, type: 'invalid_request_error', param: null, code: 'invalid_request_error' } } });
    await useKey(GOOD_KEY);
    await askForCompletion();
    await waitForStatus(/request rejected/);
    recordStatusBar('400 quoting the key');
    await deepseek.setFault(null);

    const notifications = controller.notifier.shown.slice(firstNotification);
    const messages = notifications.map((n) => n.message);
    // Not vacuous: each problem was reported to the user.
    assert.equal(messages.filter((m) => /rejected the API key/.test(m)).length, 2, `notifications: ${JSON.stringify(messages)}`);
    assert.ok(messages.some((m) => /balance is empty/.test(m)), `no 402 notification in ${JSON.stringify(messages)}`);
    assert.ok(messages.some((m) => /refused the request: Invalid max_tokens/.test(m)), `no 400 notification in ${JSON.stringify(messages)}`);
    for (const notification of notifications) shownTexts.push({ where: 'a notification', text: [notification.message, ...notification.actions].join('\n') });

    // The log is written asynchronously: wait until it holds the last step, then read it all.
    let log = '';
    await waitUntil(
      'the log file on disk records the 400',
      () => {
        log = existsSync(logFile()) ? readFileSync(logFile(), 'utf8') : '';
        return /badRequest/.test(log) && /Authentication Fails/.test(log);
      },
      15_000,
      250,
    );
    shownTexts.push({ where: `the log file ${logFile()}`, text: log });
    for (const file of settingsFiles()) shownTexts.push({ where: file, text: readFileSync(file, 'utf8') });

    const leaks = shownTexts.flatMap(({ where, text }) => keyLeaks(text).map((leak) => `${leak} in ${where}`));
    assert.deepEqual(leaks, []);
  });
});
