// VS Code in Simplified Chinese: with the display language zh-cn the extension's status bar
// (text, and the state its tooltip and screen-reader label give), its menu, a failure
// notification with its button, and its commands in the palette are in Chinese. One launch:
// the display language is fixed when code-server starts.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { extensionSettings, launchVsCode, type VsCodeSession } from './harness';
import { REPO_ROOT } from './paths';

const MODEL = 'deepseek-coder:1.3b-base';
const STATUS_ITEM = '.part.statusbar [aria-label^="DeepSeek FIM"]';

describe('the extension in Simplified Chinese', () => {
  let fixture: OllamaFixture;
  let vs: VsCodeSession;

  before(
    async () => {
      fixture = await startOllamaFixture();
      fixture.setResponder(() => 'answer()');
      vs = await launchVsCode({
        suite: 'chinese',
        locale: { id: 'zh-cn', label: '中文(简体)' },
        files: { 'a.py': 'import math\n\n' },
        settings: extensionSettings(fixture.url),
      });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await vs?.close();
    await fixture?.close();
  });

  it('the status bar says its state in Chinese, in the text and in the tooltip', { timeout: 30_000 }, () =>
    vs.step('zh-status', async () => {
      await vs.waitForStatusBar(`Ollama · ${MODEL}`, 20_000);
      const label = await vs.page.locator(STATUS_ITEM).first().getAttribute('aria-label');
      assert.equal(label, `DeepSeek FIM: Ollama · ${MODEL}, 就绪`);
      await vs.page.locator(STATUS_ITEM).first().hover();
      const hover = vs.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'DeepSeek FIM' }).first();
      await hover.waitFor({ state: 'visible', timeout: 10_000 });
      const tooltip = (await hover.textContent()) ?? '';
      assert.match(tooltip, /状态：就绪/);
      assert.match(tooltip, /单击查看选项。/);
      await vs.page.mouse.move(0, 0);
    }),
  );

  it('a missing model: the status bar, the notification and its button are in Chinese', { timeout: 45_000 }, () =>
    vs.step('zh-notification', async () => {
      // The first-run check must find Ollama up, else it opens the walkthrough over the file.
      await vs.waitFor('the first-run check', async () => fixture.requests.some((r) => r.path === '/api/version'), (seen) => seen, 20_000);
      await fixture.setFault({ status: 404 });
      await vs.openFile('a.py', 2, 1);
      await vs.typeText('value = ', { delayMs: 100 });
      assert.match(await vs.waitForStatusBar(/缺少模型/, 20_000), /^Ollama 缺少模型(，\d+ 秒后重试)?$/);
      const [message] = await vs.waitFor('the notification', () => vs.workbench.visibleNotifications(), (shown) => shown.some((text) => text.includes('模型不可用')), 15_000);
      // The headline in Chinese, the server's own words (the model name) after it.
      assert.match(message, /^DeepSeek FIM：模型不可用。.*deepseek-coder:1\.3b-base/);
      const buttons = (await vs.page.locator('.notifications-toasts .notification-list-item-buttons-container .monaco-button').allTextContents()).map((text) => text.trim());
      assert.deepEqual(buttons, ['拉取模型', '显示日志']);
    }),
  );

  it('the status-bar menu is in Chinese', { timeout: 30_000 }, () =>
    vs.step('zh-menu', async () => {
      await fixture.setFault(null);
      await vs.workbench.clickStatusBarItem();
      const items = await vs.workbench.waitForQuickPick('DeepSeek FIM');
      const labels = items.map((item) => item.label);
      for (const label of ['使用 Ollama...', '使用 DeepSeek API...', '关闭', '暂停...', '对 python 停用', '设置 API 密钥', '显示日志', '显示用量', '打开入门指南']) {
        assert.ok(labels.includes(label), `${label} is missing from the menu: ${labels.join(' | ')}`);
      }
      assert.equal(items.find((item) => item.label === '使用 Ollama...')?.description, `当前：${MODEL}`);
      // media/zh-cn.png shows the glyphs only where a CJK font is installed (Debian: fonts-wqy-microhei).
      await vs.page.screenshot({ path: join(REPO_ROOT, 'media', 'zh-cn.png'), animations: 'disabled' });
      await vs.workbench.pressKey('Escape');
    }),
  );

  it('the commands in the palette have Chinese titles', { timeout: 30_000 }, () =>
    vs.step('zh-palette', async () => {
      const titles = await vs.workbench.commandPaletteTitles('DeepSeek FIM');
      // Each row shows the Chinese title, and the English one below it for searching.
      for (const title of ['DeepSeek FIM: 显示日志', 'DeepSeek FIM: 拉取 Ollama 模型...']) assert.ok(titles.includes(title), `the palette lists: ${titles.join(' | ')}`);
    }),
  );
});
