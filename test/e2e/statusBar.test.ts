// The status bar in a real VS Code: it names the backend and model; with the server gone it
// says so, quietly (at most one notification however much the user types); when the server
// returns, completions come back without a reload.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { extensionSettings, launchVsCode, type VsCodeSession } from './harness';

const READY_TEXT = 'Ollama · deepseek-coder:1.3b-base';
const ANSWER = 'answer_from_server()';

describe('status bar, server down and back', () => {
  let fixture: OllamaFixture;
  let vs: VsCodeSession;

  before(
    async () => {
      fixture = await startOllamaFixture();
      fixture.setResponder(() => ANSWER);
      vs = await launchVsCode({ suite: 'status-bar', files: { 'down.py': 'import math\n\n' }, settings: extensionSettings(fixture.url) });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await vs?.close();
    await fixture?.close();
  });

  it('names the backend and the model', { timeout: 30_000 }, () =>
    vs.step('status-ready', async () => {
      await vs.waitForStatusBar(READY_TEXT, 20_000);
    }),
  );

  it('with the server stopped: the status bar says unreachable, no ghost text, at most one notification over 20 keystrokes', { timeout: 90_000 }, () =>
    vs.step('server-down', async () => {
      // The first-run check (GET /api/version, 3 s after activation) must find Ollama up, as a
      // set-up user's does: else it opens the walkthrough over the file this test types in.
      await vs.waitFor('the first-run check', async () => fixture.requests.some((r) => r.path === '/api/version'), (seen) => seen, 20_000);
      await fixture.setFault('refuse');
      await vs.openFile('down.py', 2, 1);
      const before = await vs.notificationCount();
      const typed = 'result = compute(42)';
      assert.equal(typed.length, 20);
      await vs.typeText(typed, { delayMs: 150 });
      const status = await vs.waitForStatusBar(/unreachable/, 20_000);
      assert.match(status, /^Ollama unreachable/);
      assert.equal(await vs.ghostText(), '');
      const shown = (await vs.notifications()).slice(before);
      assert.ok(shown.length <= 1, `${shown.length} notifications while the server was down: ${JSON.stringify(shown)}`);
    }),
  );

  it('with the server back: completions return without a reload and the status bar clears', { timeout: 120_000 }, () =>
    vs.step('server-back', async () => {
      await fixture.setFault(null);
      const requestsBefore = fixture.generateRequests().length;
      // The user keeps typing; the extension retries quietly (after its back-off) on a keystroke.
      await vs.typeText('\n');
      const deadline = Date.now() + 90_000;
      let ghost = '';
      for (const char of 'value = math.floor(result) + offset * scale - base / count + total'.repeat(4)) {
        await vs.typeText(char, { delayMs: 150 });
        ghost = await vs.ghostText();
        if (ghost === ANSWER || Date.now() > deadline) break;
      }
      if (ghost !== ANSWER) await vs.waitForGhostText(ANSWER, 5_000);
      assert.ok(fixture.generateRequests().length > requestsBefore, 'no request reached the restarted server');
      await vs.waitForStatusBar(READY_TEXT, 10_000);
    }),
  );

  it('the palette offers Resume only while completions are snoozed, and Clear API Key only with a stored key', { timeout: 90_000 }, () =>
    vs.step('palette-context', async () => {
      const titles = () => vs.workbench.commandPaletteTitles('DeepSeek FIM:');
      const before = await titles();
      assert.ok(before.includes('DeepSeek FIM: Snooze Completions...'), `the palette lists: ${before.join(' | ')}`);
      assert.ok(!before.includes('DeepSeek FIM: Resume Completions'), 'Resume is offered with nothing to resume');
      assert.ok(!before.includes('DeepSeek FIM: Clear API Key'), 'Clear API Key is offered with no stored key');
      assert.ok(before.includes('DeepSeek FIM: Pull Ollama Model...'), 'Pull Ollama Model is missing on the Ollama backend');
      await vs.workbench.runCommand('DeepSeek FIM: Snooze Completions...', 15_000, { opensQuickInput: true });
      await vs.waitForQuickPick('DeepSeek FIM: Snooze Completions', 10_000);
      await vs.pickQuickItem('5 minutes');
      await vs.waitForStatusBar(/Snoozed/, 10_000);
      await vs.waitFor('Resume in the palette', titles, (list) => list.includes('DeepSeek FIM: Resume Completions'), 10_000);
      await vs.workbench.runCommand('DeepSeek FIM: Resume Completions');
      await vs.waitForStatusBar(READY_TEXT, 10_000);
      await vs.waitFor('Resume gone from the palette', titles, (list) => !list.includes('DeepSeek FIM: Resume Completions'), 10_000);
    }),
  );
});
