// First run in a real VS Code: with no Ollama answering and no DeepSeek key, the extension
// opens its walkthrough (no notification); the walkthrough's buttons run their commands (the
// sample file opens, the backend picker opens); after a reload (a new session) it is not
// opened again by itself, and the status-bar menu still reaches it.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { extensionSettings, launchVsCode, sleep, type VsCodeSession } from './harness';
import { REPO_ROOT } from './paths';

const WALKTHROUGH_TITLE = 'Get Started with DeepSeek FIM';
const OPENED_LOG = 'first run: Ollama did not answer and no DeepSeek key is set: opened the walkthrough';

describe('first run with nothing set up', () => {
  let fixture: OllamaFixture;
  let vs: VsCodeSession;

  before(
    async () => {
      fixture = await startOllamaFixture();
      await fixture.setFault('refuse'); // Ollama is not running
      // Wide enough for the walkthrough to show each step's picture beside the steps.
      vs = await launchVsCode({ suite: 'first-run', settings: extensionSettings(fixture.url), viewport: { width: 1600, height: 900 } });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await vs?.close();
    await fixture?.close();
  });

  const walkthrough = () => vs.page.locator('.gettingStartedContainer', { hasText: WALKTHROUGH_TITLE });
  const walkthroughVisible = () => walkthrough().isVisible();
  const step = (title: string) => walkthrough().locator('.getting-started-step', { hasText: title });
  const stepDone = (title: string) => step(title).locator('.codicon.complete').count().then((n) => n > 0);
  const timesOpened = () => vs.extensionLog().split('\n').filter((line) => line.includes(OPENED_LOG)).length;
  /** Closes every editor, answering "Don't Save" for the unsaved sample. */
  const closeAllEditors = async () => {
    await vs.workbench.runCommand('View: Close All Editors');
    const dontSave = vs.page.locator('.monaco-dialog-box').getByRole('button', { name: "Don't Save" });
    await dontSave.click({ timeout: 3_000 }).catch(() => undefined); // no dialog: nothing was unsaved
    await vs.waitFor('no editor tabs', () => vs.page.locator('.tabs-container .tab').count(), (n) => n === 0, 10_000);
  };
  /** Selects a step (a click on the selected one would fold it) and lets its slide settle. */
  const openStep = async (title: string) => {
    if (!/\bexpanded\b/.test((await step(title).getAttribute('class')) ?? '')) await step(title).click();
    await vs.waitFor(`the "${title}" step open`, async () => (await step(title).getAttribute('class')) ?? '', (c) => /\bexpanded\b/.test(c), 10_000);
    await sleep(1000);
  };

  it('the walkthrough opens by itself, with no notification', { timeout: 60_000 }, () =>
    vs.step('first-run-walkthrough', async () => {
      await vs.waitFor('the walkthrough', walkthroughVisible, (shown) => shown, 20_000);
      await vs.waitFor('the log line', async () => timesOpened(), (n) => n === 1, 5_000);
      for (const title of ['Pick where completions come from', 'Local: pull a model with Ollama', 'Hosted: set your DeepSeek API key', 'Try a completion']) {
        assert.equal(await step(title).count(), 1, `no "${title}" step`);
      }
      const ours = (await vs.notifications()).filter((message) => /DeepSeek|Ollama/.test(message));
      assert.deepEqual(ours, [], 'a notification came with the walkthrough');
      // The README's picture: the walkthrough as a new user first sees it.
      await vs.page.locator('.part.editor').screenshot({ path: join(REPO_ROOT, 'media', 'walkthrough.png'), animations: 'disabled' });
    }),
  );

  it('"Open a Sample File" opens a Python file to try a completion in, and ticks its step', { timeout: 60_000 }, () =>
    vs.step('walkthrough-sample', async () => {
      await openStep('Try a completion');
      // The walkthrough's formatter reads a backslash before `*` as an escape: the key must show as typed.
      assert.match((await step('Try a completion').textContent()) ?? '', /Alt\+\\ \(Option\+\\ on macOS\) asks for one now/);
      await walkthrough().getByRole('button', { name: 'Open a Sample File' }).click();
      await vs.waitFor('the sample file', () => vs.workbench.editorText().catch(() => ''), (text) => text.includes('def fibonacci(n: int) -> int:'), 20_000);
      const tabs = await vs.page.locator('.tabs-container .tab').allTextContents();
      assert.ok(tabs.some((tab) => /Untitled-\d/.test(tab)), `tabs: ${tabs.join(' | ')}`);
      await vs.page.locator('.tabs-container .tab', { hasText: 'Welcome' }).click();
      await vs.waitFor('the step ticked', () => stepDone('Try a completion'), (done) => done, 10_000);
    }),
  );

  it('"Pick a Backend" opens the backend picker', { timeout: 60_000 }, () =>
    vs.step('walkthrough-backend', async () => {
      await openStep('Pick where completions come from');
      await walkthrough().getByRole('button', { name: 'Pick a Backend' }).click();
      await vs.waitForQuickPick('DeepSeek FIM: Switch Backend', 15_000);
      await vs.pressKey('Escape');
      await vs.waitFor('the step ticked', () => stepDone('Pick where completions come from'), (done) => done, 10_000);
    }),
  );

  it('after a reload it is not opened again; the status-bar menu opens it', { timeout: 120_000 }, () =>
    vs.step('first-run-once', async () => {
      await closeAllEditors();
      await vs.page.reload();
      await vs.waitForStatusBar(/Ollama/, 60_000);
      await sleep(6000); // the check runs 3 s after activation
      // The workbench may restore editors of the last session by itself; the log says whether the extension opened it.
      assert.equal(timesOpened(), 1, 'the extension opened the walkthrough again after a reload');
      await closeAllEditors();
      await vs.workbench.clickStatusBarItem();
      await vs.waitForQuickPick('DeepSeek FIM', 15_000);
      await vs.pickQuickItem('Open Walkthrough');
      await vs.waitFor('the walkthrough from the menu', walkthroughVisible, (shown) => shown, 20_000);
    }),
  );
});
