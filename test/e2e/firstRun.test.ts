// First run in a real VS Code: with no Ollama answering and no DeepSeek key, one notification
// offers both ways to get going; its "Set up Ollama" opens the README's instructions; after a
// reload (a new session) it is not shown again.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { extensionSettings, launchVsCode, sleep, type VsCodeSession } from './harness';

const FIRST_RUN = 'DeepSeek FIM needs a model';

describe('first run with nothing set up', () => {
  let fixture: OllamaFixture;
  let vs: VsCodeSession;

  before(
    async () => {
      fixture = await startOllamaFixture();
      await fixture.setFault('refuse'); // Ollama is not running
      vs = await launchVsCode({ suite: 'first-run', settings: extensionSettings(fixture.url) });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await vs?.close();
    await fixture?.close();
  });

  const firstRunToasts = async () => (await vs.notifications()).filter((message) => message.includes(FIRST_RUN));

  it('one notification offers Ollama and the DeepSeek API; "Set up Ollama" opens the README', { timeout: 60_000 }, () =>
    vs.step('first-run-offer', async () => {
      await vs.waitFor('the first-run notification', firstRunToasts, (toasts) => toasts.length > 0, 20_000);
      const toast = vs.page.locator('.notification-toast-container', { hasText: FIRST_RUN });
      for (const label of ['Set up Ollama', 'Use the DeepSeek API']) {
        assert.equal(await toast.getByRole('button', { name: label }).count(), 1, `no "${label}" button`);
      }
      await toast.getByRole('button', { name: 'Set up Ollama' }).click();
      await vs.waitFor('the README preview', () => vs.page.locator('.tabs-container .tab').allTextContents(), (tabs) => tabs.some((t) => t.includes('README')), 20_000);
      assert.equal((await firstRunToasts()).length, 1, 'the first-run notification was shown more than once');
    }),
  );

  it('after a reload it is not shown again', { timeout: 120_000 }, () =>
    vs.step('first-run-once', async () => {
      await vs.page.reload();
      await vs.waitForStatusBar(/Ollama/, 60_000);
      await sleep(6000); // the check runs 3 s after activation
      assert.deepEqual(await firstRunToasts(), [], 'shown again after it was answered');
    }),
  );
});
