// Driving the VS Code workbench in Chromium the way a user does: Quick Open, the keyboard, and
// reading what is on screen (ghost text, the status bar, notification toasts).
import { basename } from 'node:path';
import type { Page } from 'playwright-core';

export interface TypeOptions {
  /** Mean gap between keystrokes; people type at 5-15 characters a second. */
  readonly delayMs?: number;
  /** Random spread around the mean, so the adaptive debounce sees a human rhythm. */
  readonly jitterMs?: number;
}

export type TextExpectation = string | RegExp | ((text: string) => boolean);

/** One row of a quick pick as a user reads it. */
export interface QuickPickItem {
  readonly label: string;
  readonly description: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function matches(text: string, expected: TextExpectation): boolean {
  if (typeof expected === 'string') return text === expected;
  if (expected instanceof RegExp) return expected.test(text);
  return expected(text);
}

function describe(expected: TextExpectation | undefined): string {
  if (expected === undefined) return 'any';
  if (typeof expected === 'string') return JSON.stringify(expected);
  return expected.toString();
}

/**
 * Runs in the page before the workbench loads: counts notification toasts as they appear
 * (each notification gets its own toast container), so a test can tell how many popped up,
 * and keeps every distinct message each toast showed (a progress notification's message
 * changes while it runs, and the toast closes soon after the last one).
 */
const NOTIFICATION_RECORDER = `
(() => {
  const toasts = [];
  window.__e2eToasts = toasts;
  const readMessages = () => {
    for (const toast of toasts) {
      if (!toast.element.isConnected) continue;
      const message = toast.element.querySelector('.notification-list-item-message');
      const text = message ? (message.textContent || '') : '';
      if (text && text !== toast.history[toast.history.length - 1]) toast.history.push(text);
    }
  };
  const watch = () => {
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1 && node.classList.contains('notification-toast-container')) {
            toasts.push({ at: Date.now(), element: node, text: '', history: [] });
          }
        }
      }
      if (toasts.length > 0) readMessages();
    }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  };
  if (document.documentElement) watch();
  else document.addEventListener('DOMContentLoaded', watch);
})();
`;

export class Workbench {
  constructor(readonly page: Page) {}

  static async prepare(page: Page): Promise<void> {
    await page.addInitScript(NOTIFICATION_RECORDER);
  }

  async waitForWorkbench(timeoutMs = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  }

  // ---- polling ------------------------------------------------------------------------------

  /** Polls `read` until `accept` holds; on timeout the error shows the last value read. */
  async waitFor<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: T | undefined;
    for (;;) {
      last = await read();
      if (accept(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
      await sleep(intervalMs);
    }
  }

  // ---- keyboard -----------------------------------------------------------------------------

  async typeText(text: string, options: TypeOptions = {}): Promise<void> {
    const delay = options.delayMs ?? 90;
    const jitter = options.jitterMs ?? 40;
    for (const char of text) {
      if (char === '\n') await this.page.keyboard.press('Enter');
      else await this.page.keyboard.type(char);
      await sleep(Math.max(0, delay + (Math.random() * 2 - 1) * jitter));
    }
  }

  async pressKey(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  // ---- commands -----------------------------------------------------------------------------

  /** Runs a command from the command palette (F1) by its full title, e.g. 'View: Close Editor'. */
  async runCommand(title: string, timeoutMs = 15_000, options: { opensQuickInput?: boolean } = {}): Promise<void> {
    await this.fillCommandPalette(`>${title}`, timeoutMs);
    // The row whose label is exactly the title (fuzzy matching lists near misses too).
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await row.click();
    // A command that asks something (a quick pick) keeps the widget open with its own question.
    if (options.opensQuickInput) return;
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /**
   * The titles the command palette lists for `query` (its fuzzy match), then closes it: what a
   * person sees before picking a command.
   */
  async commandPaletteTitles(query: string, timeoutMs = 15_000): Promise<string[]> {
    await this.fillCommandPalette(`>${query}`, timeoutMs);
    // The list settles a moment after typing (commands are filtered as the query changes).
    await sleep(500);
    const titles = await this.page.locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
    // Closed as a person would; the next palette use starts with Escape too, if it lingers.
    await this.page.keyboard.press('Escape');
    return titles.map((title) => title.trim());
  }

  /**
   * Replaces the whole text of the focused editor by pasting it: typed text (even
   * keyboard.insertText) goes through auto-indent and auto-closing, a paste does not.
   */
  async replaceEditorText(text: string): Promise<void> {
    await this.page.keyboard.press('Control+A');
    await this.page.evaluate((pasted) => {
      const data = new DataTransfer();
      data.setData('text/plain', pasted);
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  async waitForActiveTab(name: string, timeoutMs = 15_000): Promise<void> {
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.editor-instance .monaco-editor.focused').waitFor({ state: 'visible', timeout: timeoutMs });
  }

  // ---- editors ------------------------------------------------------------------------------

  /**
   * Opens the command palette (F1) and types `text` into it. A quick input that is still
   * closing (a pick just answered) can hide the new one right after it shows, so a fill that
   * finds no visible input starts over, a few times, instead of waiting out the whole timeout.
   */
  private async fillCommandPalette(text: string, timeoutMs: number): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      const left = Math.max(1000, deadline - Date.now());
      try {
        await input.waitFor({ state: 'visible', timeout: Math.min(left, 5000) });
        await input.fill(text, { timeout: Math.min(left, 3000) });
        return;
      } catch (error) {
        if (attempt >= 4 || Date.now() >= deadline) throw error;
      }
    }
  }

  /**
   * Opens a file at a 1-based line and column through Quick Open (`path:line:col`), as a user
   * would, and waits until its editor has focus and the cursor is where it was asked to be.
   */
  async openFile(absolutePath: string, line = 1, column = 1, timeoutMs = 20_000): Promise<void> {
    const name = basename(absolutePath);
    // Replacing the command palette's '>' turns it into Quick Open for files.
    await this.fillCommandPalette(`${absolutePath}:${line}:${column}`, timeoutMs);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs });
    await this.waitForActiveTab(name, timeoutMs);
    await this.waitFor(`cursor at Ln ${line}, Col ${column}`, () => this.cursorPosition(), (p) => p === `Ln ${line}, Col ${column}`, timeoutMs);
    await this.windowIdle();
  }

  /**
   * VS Code creates an editor's inline-suggestion controller only once the window is idle after
   * the editor opened (an "eventually" editor contribution); keystrokes before that get no ghost
   * text and no provider call (seen in CI right after launch, on a busy machine). Idle callbacks
   * run in order, so once ours has run, VS Code's has too.
   */
  async windowIdle(): Promise<void> {
    for (let i = 0; i < 2; i++) {
      await this.page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5000 })));
    }
  }

  /** The status bar's "Ln 3, Col 5" (selection details dropped). */
  async cursorPosition(): Promise<string> {
    const text = await this.page.evaluate(() => document.querySelector('[id="status.editor.selection"]')?.textContent ?? '');
    return /Ln \d+, Col \d+/.exec(text)?.[0] ?? text;
  }

  /** Text of the focused editor's model, as the view shows it (every line, in order). */
  async editorText(): Promise<string> {
    // The view only renders visible lines; the suites use short files that fit on screen.
    return this.page.evaluate(() => {
      const editor = document.querySelector('.monaco-editor.focused') ?? document.querySelector('.editor-instance .monaco-editor');
      if (!editor) return '';
      const lines = [...editor.querySelectorAll('.view-lines .view-line')] as HTMLElement[];
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      // Ghost text is drawn inside the line as injected spans: it is not the document's text.
      const realText = (line: HTMLElement) => {
        const copy = line.cloneNode(true) as HTMLElement;
        for (const ghost of copy.querySelectorAll('[class*="ghost-text"]')) ghost.remove();
        return (copy.textContent ?? '').replace(/\u00a0/g, ' ');
      };
      return lines.map(realText).join('\n');
    });
  }

  // ---- ghost text ---------------------------------------------------------------------------

  /**
   * The ghost text shown in the active editor: the inline part (one decoration span per token)
   * then each line of the block below the cursor, joined with '\n'. '' when none is shown.
   */
  async ghostText(): Promise<string> {
    return this.page.evaluate(() => {
      const editor = document.querySelector('.editor-instance .monaco-editor.focused') ?? document.querySelector('.editor-instance .monaco-editor');
      if (!editor) return '';
      const clean = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ');
      // Inline part: decorations in the cursor's own line, one span per token.
      const inline = [...editor.querySelectorAll('.view-lines .ghost-text-decoration')].map((e) => clean(e.textContent)).join('');
      // Lines below: a view zone of whole lines, each made of '.ghost-text' token spans.
      const blockLines: string[] = [];
      const seen = new Set<Element>();
      for (const span of editor.querySelectorAll('.view-zones .ghost-text')) {
        const line = span.closest('.view-line');
        if (!line || seen.has(line)) continue;
        seen.add(line);
        blockLines.push(clean(line.textContent));
      }
      return [inline, ...blockLines].join('\n').replace(/\n+$/, '');
    });
  }

  async waitForGhostText(expected?: TextExpectation, timeoutMs = 15_000): Promise<string> {
    return this.waitFor(`ghost text ${describe(expected)}`, () => this.ghostText(), (text) => (expected === undefined ? text !== '' : matches(text, expected)), timeoutMs);
  }

  async waitForNoGhostText(timeoutMs = 10_000): Promise<void> {
    await this.waitFor('no ghost text', () => this.ghostText(), (text) => text === '', timeoutMs);
  }

  // ---- status bar and notifications ---------------------------------------------------------

  /** The text of the extension's status-bar item (found by its accessibility label), or undefined. */
  async statusBarText(): Promise<string | undefined> {
    return this.page.evaluate(() => {
      const label = document.querySelector('.part.statusbar [aria-label^="DeepSeek FIM"]');
      if (!label) return undefined;
      const item = label.closest('.statusbar-item') ?? label;
      return (item.textContent ?? '').replace(/\u00a0/g, ' ').trim();
    });
  }

  async waitForStatusBar(expected?: TextExpectation, timeoutMs = 60_000): Promise<string> {
    const text = await this.waitFor(
      `status bar item ${describe(expected)}`,
      () => this.statusBarText(),
      (t) => t !== undefined && (expected === undefined || matches(t, expected)),
      timeoutMs,
      100,
    );
    return text as string;
  }

  /** Messages of every notification toast shown since the page loaded, oldest first. */
  async notifications(): Promise<string[]> {
    return this.page.evaluate(() => {
      const toasts = (window as unknown as { __e2eToasts?: { element: Element; text: string; history?: string[] }[] }).__e2eToasts ?? [];
      for (const toast of toasts) {
        // A toast renders its message a moment after its container appears; keep the first text seen.
        if (!toast.text) toast.text = toast.history?.[0] ?? toast.element.querySelector('.notification-list-item-message')?.textContent ?? '';
      }
      return toasts.map((t) => t.text || '(message not rendered yet)');
    });
  }

  async notificationCount(): Promise<number> {
    return (await this.notifications()).length;
  }

  /**
   * Every distinct message each notification toast has shown since the page loaded (oldest
   * toast first, each toast's messages in order), recorded as the DOM changed: a progress
   * notification's intermediate messages are kept even after its toast closed.
   */
  async notificationHistory(): Promise<string[][]> {
    return this.page.evaluate(() => {
      const toasts = (window as unknown as { __e2eToasts?: { history: string[] }[] }).__e2eToasts ?? [];
      return toasts.map((t) => [...t.history]);
    });
  }

  /** The messages of the notification toasts on screen now. */
  async visibleNotifications(): Promise<string[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('.notifications-toasts .notification-toast-container')]
        .filter((toast) => (toast as HTMLElement).offsetParent !== null)
        .map((toast) => toast.querySelector('.notification-list-item-message')?.textContent ?? ''),
    );
  }

  /** Clicks the extension's status-bar item with the mouse, as a user does. */
  async clickStatusBarItem(timeoutMs = 15_000): Promise<void> {
    const item = this.page.locator('.part.statusbar [aria-label^="DeepSeek FIM"]').first();
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    await item.click({ timeout: timeoutMs });
  }

  // ---- quick picks --------------------------------------------------------------------------

  /** Waits for the quick pick to be open (with `title`, when given) and to list at least one item. */
  async waitForQuickPick(title?: TextExpectation, timeoutMs = 15_000): Promise<QuickPickItem[]> {
    await this.page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: timeoutMs });
    if (title !== undefined) await this.waitFor(`quick pick titled ${describe(title)}`, () => this.quickPickTitle(), (t) => matches(t, title), timeoutMs);
    return this.waitFor('quick pick items', () => this.quickPickItems(), (items) => items.length > 0, timeoutMs);
  }

  /** The title of the open quick pick ('' when none). */
  async quickPickTitle(): Promise<string> {
    return this.page.evaluate(() => {
      const widget = document.querySelector('.quick-input-widget') as HTMLElement | null;
      if (!widget || widget.style.display === 'none' || widget.offsetParent === null) return '';
      return (widget.querySelector('.quick-input-title')?.textContent ?? '').trim();
    });
  }

  /** The items the open quick pick shows, in order, as a user reads them (icons dropped, separators left out). */
  async quickPickItems(): Promise<QuickPickItem[]> {
    return this.page.evaluate(() => {
      const widget = document.querySelector('.quick-input-widget') as HTMLElement | null;
      if (!widget || widget.style.display === 'none') return [];
      const rows = [...widget.querySelectorAll('.quick-input-list .monaco-list-row')] as HTMLElement[];
      rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
      const clean = (s: string | null | undefined) => (s ?? '').replace(/\u00a0/g, ' ').trim();
      return rows
        .map((row) => ({ label: clean(row.querySelector('.label-name')?.textContent), description: clean(row.querySelector('.label-description')?.textContent) }))
        .filter((item) => item.label !== '');
    });
  }

  /** Clicks the quick-pick row whose label (icons dropped) is exactly `label`, and waits for the pick to close. */
  async pickQuickItem(label: string, timeoutMs = 15_000): Promise<void> {
    const row = this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      .first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await row.click({ timeout: timeoutMs });
    await this.waitFor(`the quick pick to close after picking ${JSON.stringify(label)}`, () => this.quickPickItems(), (items) => !items.some((item) => item.label === label), timeoutMs);
  }

  // ---- screenshots --------------------------------------------------------------------------

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, animations: 'disabled' });
  }

  /**
   * The editor area (tabs and text) down to a little below the last line and the ghost text,
   * without the empty rest of the editor: a picture for the README.
   */
  async screenshotEditor(path: string): Promise<void> {
    const clip = await this.page.evaluate(() => {
      const part = (document.querySelector('.part.editor') as HTMLElement).getBoundingClientRect();
      let bottom = part.top;
      for (const element of document.querySelectorAll('.part.editor .view-line, .part.editor .view-zones > div')) {
        const rect = element.getBoundingClientRect();
        if (rect.height > 0) bottom = Math.max(bottom, rect.bottom);
      }
      const height = Math.min(part.height, bottom - part.top + 40);
      return { x: part.left, y: part.top, width: part.width, height };
    });
    await this.page.screenshot({ path, clip, animations: 'disabled' });
  }
}
