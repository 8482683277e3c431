// The hosted backend in a real VS Code: DeepSeek's FIM API (a fixture on 127.0.0.1), the key
// from DEEPSEEK_API_KEY in the editor's environment. Ghost text while typing, Tab, Ctrl+S, and
// the request as the API expects it: prompt and suffix apart, no FIM tokens, the key as a
// Bearer token. No model is set, so the default deepseek-flash is sent. Then Show Usage: the chart
// of the days, and money equal to the fixture's bill (the fixture bills with the same price
// tables, in the account's currency, at the band in force). Last, a user setting holding the
// retired name deepseek-v4-flash: it still completes, and the one-time offer changes it.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { formatSpend } from '../../src/engine/spendFormat';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture, type DeepSeekFixture } from '../fixtures/deepseekFixture';
import { FIM_BEGIN, FIM_END, FIM_HOLE } from './fimScript';
import { launchVsCode, type VsCodeSession } from './harness';
import { REPO_ROOT } from './paths';
import { rewrittenFrom } from './savedFile';

/** No model setting: the default. */
const MODEL = 'deepseek-flash';
const RETIRED = 'deepseek-v4-flash';
const FILE = 'def greet(name):\n    \n\nprint(greet("Ada"))\n';

interface CompletionBody {
  readonly model?: string;
  readonly prompt?: string;
  readonly suffix?: string;
}

describe('DeepSeek hosted backend in a real VS Code', () => {
  let fixture: DeepSeekFixture;
  let vs: VsCodeSession;

  before(
    async () => {
      fixture = await startDeepSeekFixture();
      vs = await launchVsCode({
        suite: 'deepseek',
        files: { 'greet.py': FILE },
        settings: { 'deepseekFim.backend': 'deepseek', 'deepseekFim.deepseek.baseUrl': fixture.betaUrl },
        env: { DEEPSEEK_API_KEY: FIXTURE_DEFAULT_KEY },
      });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await vs?.close();
    await fixture?.close();
  });

  it('the status bar names DeepSeek and the model', { timeout: 30_000 }, () =>
    vs.step('deepseek-status', async () => {
      await vs.waitForStatusBar(`DeepSeek · ${MODEL}`, 20_000);
    }),
  );

  it('typing shows ghost text; Tab and Ctrl+S write it; the API got prompt and suffix with the key', { timeout: 60_000 }, () =>
    vs.step('deepseek-accept', async () => {
      const target = 'return f"Hello, {name}!"';
      fixture.setResponder((prompt) => {
        const typed = prompt.slice(prompt.lastIndexOf('\n') + 1).trimStart();
        return target.startsWith(typed) ? target.slice(typed.length) : '';
      });
      await vs.openFile('greet.py', 2, 5);
      await vs.typeText('return ');
      await vs.waitForGhostText('f"Hello, {name}!"');
      const requests = fixture.completionRequests();
      assert.ok(requests.length > 0, 'no request reached the API');
      const typed = 'return ';
      // The repository layout leads the prompt: the current file under its path (the workspace
      // has no other file to give).
      const validPrompts = new Set(Array.from({ length: typed.length }, (_, i) => `# greet.py\ndef greet(name):\n    ${typed.slice(0, i + 1)}`));
      for (const request of requests) {
        const body = request.body as CompletionBody;
        assert.equal(request.path, '/beta/completions');
        assert.equal(request.headers.authorization, `Bearer ${FIXTURE_DEFAULT_KEY}`);
        assert.equal(body.model, MODEL);
        assert.ok(body.prompt !== undefined && validPrompts.has(body.prompt), `unexpected prompt ${JSON.stringify(body.prompt)}`);
        assert.equal(body.suffix, '\n\nprint(greet("Ada"))\n');
        for (const token of [FIM_BEGIN, FIM_HOLE, FIM_END]) assert.ok(!`${body.prompt}${body.suffix}`.includes(token), 'FIM tokens sent to the hosted API');
      }
      await vs.pressKey('Tab');
      const saved = await vs.save('greet.py', rewrittenFrom(FILE));
      assert.equal(saved, 'def greet(name):\n    return f"Hello, {name}!"\n\nprint(greet("Ada"))\n');
    }),
  );

  it('Show Usage shows the chart for fixture usage', { timeout: 60_000 }, () =>
    vs.step('deepseek-usage', async () => {
      // Whatever is still in flight ends first, so the fixture's totals are final.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const billed = fixture.totals();
      assert.ok(billed.requests > 0, 'the fixture billed nothing');
      await vs.workbench.runCommand('DeepSeek FIM: Show Usage');
      // A webview is an iframe holding the page's own iframe.
      const view = vs.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      const totals = view.locator('#totals');
      await totals.waitFor({ timeout: 20_000 });
      const text = (await totals.textContent()) ?? '';
      assert.match(text, new RegExp(`${billed.requests} requests`), `the view says ${JSON.stringify(text)}; the fixture billed ${billed.requests} requests`);
      const tokens = /(\d+) cache-hit and (\d+) cache-miss prompt tokens/.exec(text);
      assert.ok(tokens, `the view says ${JSON.stringify(text)}`);
      if ((await view.locator('#estimated').count()) === 0) {
        assert.deepEqual([Number(tokens[1]), Number(tokens[2])], [billed.hitTokens, billed.missTokens]);
      } else {
        // A request aborted after sending is estimated: close to the bill, not exact.
        const shown = Number(tokens[1]) + Number(tokens[2]);
        assert.ok(Math.abs(shown - billed.promptTokens) <= billed.promptTokens * 0.05, `shown ${shown} prompt tokens, billed ${billed.promptTokens}`);
      }
      const chart = view.locator('svg.chart');
      assert.equal(await chart.locator('g > title').count(), 90, 'requests, tokens and money for each of 30 days');
      const today = await chart.locator('g > title').nth(29).textContent();
      assert.match(today ?? '', new RegExp(`: ${billed.requests} requests`));
      assert.ok((await chart.locator('rect.requests').count()) >= 1, 'today has a requests bar');
      // The account pays in CNY (/user/balance): money in yuan, equal to the fixture's bill.
      assert.equal(billed.currency, 'CNY');
      const money = (await totals.locator('strong').last().textContent()) ?? '';
      if ((await view.locator('#estimated').count()) === 0) {
        assert.equal(money, formatSpend(billed.money, 'CNY'), `the view says ${money}; the fixture billed ${billed.money} CNY`);
      } else {
        const shownMoney = Number(money.replace(/[^\d.]/g, ''));
        assert.ok(Math.abs(shownMoney - billed.money) <= billed.money * 0.05, `shown ${money}, billed ${billed.money} CNY`);
      }
      const bands = (await view.locator('#bands').textContent()) ?? '';
      assert.match(bands, /By band: peak CN¥[\d.]+, off-peak CN¥[\d.]+/);
      const prices = (await view.locator('#prices').textContent()) ?? '';
      assert.match(prices, /deepseek-flash, checked 2026-11-15/);
      const priceList = (await view.locator('ul').first().textContent()) ?? '';
      assert.match(priceList, /peak: Per million tokens, CNY: cache hit 0\.04, cache miss 2, output 8/);
      assert.match(priceList, /off-peak: Per million tokens, CNY: cache hit 0\.02, cache miss 1, output 4/);
      await vs.page.locator('.part.editor').screenshot({ path: join(REPO_ROOT, 'media', 'usage-view.png'), animations: 'disabled' });
    }),
  );

  it('a user setting with the retired deepseek-v4-flash still completes, and its one-time offer switches to deepseek-flash', { timeout: 90_000 }, () =>
    vs.step('deepseek-retired-model', async () => {
      await vs.updateSettings({ 'deepseekFim.deepseek.model': RETIRED });
      await vs.waitForStatusBar(`DeepSeek · ${RETIRED}`, 20_000);
      const offer = 'DeepSeek retired that model';
      await vs.workbench.waitFor('the offer of deepseek-flash', () => vs.workbench.notifications(), (shown) => shown.some((m) => m.includes(offer)), 20_000);
      const before = fixture.completionRequests().length;
      fixture.setResponder(() => 'print("still completes")');
      await vs.openFile('greet.py', 4, 1);
      await vs.typeText('\n');
      await vs.waitForGhostText('print("still completes")');
      const sent = fixture.completionRequests().slice(before);
      assert.ok(sent.length > 0);
      for (const request of sent) assert.equal((request.body as CompletionBody).model, RETIRED, 'the retired name is sent as set');
      // The toast may have timed out while the person typed: the notification centre keeps it.
      const button = vs.page.locator('.notifications-toasts .monaco-button, .notifications-center .monaco-button').filter({ hasText: `Use ${MODEL}` }).first();
      if (!(await button.isVisible())) await vs.workbench.runCommand('Notifications: Show Notifications');
      await button.click({ timeout: 10_000 });
      await vs.waitForStatusBar(`DeepSeek · ${MODEL}`, 20_000);
      const userSettings = JSON.parse(readFileSync(join(vs.folders.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(userSettings['deepseekFim.deepseek.model'], MODEL);
      const offers = (await vs.workbench.notifications()).filter((m) => m.includes(offer));
      assert.equal(offers.length, 1, 'offered once');
    }),
  );
});
