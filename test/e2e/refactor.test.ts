// "DeepSeek FIM: Refactor Selection..." in a real VS Code (code-server + Chromium), from the
// packaged .vsix, against fixture servers on 127.0.0.1: Ollama's /api/chat, then DeepSeek's
// /chat/completions. Each test selects code and drives the command from F1 with the keyboard
// like a user, then checks what Ctrl+S writes to disk: the expected text after Apply, the
// original bytes after Discard, Cancel, an error, or an edit inside the selection while the
// model worked; one Ctrl+Z undoes an Apply. The review step's screenshot goes to media/.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture, type DeepSeekFixture } from '../fixtures/deepseekFixture';
import { nextEditResponder } from '../fixtures/nextEditFixture';
import { startOllamaFixture, type GenerateBody, type OllamaFixture } from '../fixtures/ollamaFixture';
import { extensionSettings, launchVsCode, sleep, type VsCodeSession } from './harness';
import { REPO_ROOT } from './paths';

const INSTRUCT_MODEL = 'deepseek-coder:6.7b-instruct';
const COMMAND_TITLE = 'DeepSeek FIM: Refactor Selection...';
const INSTRUCTION = 'add a JSDoc comment';

const CALCULATOR = [
  '// A small calculator used by the examples.',
  "'use strict';",
  '',
  'class Calculator {',
  '  constructor(precision) {',
  '    this.precision = precision;',
  '  }',
  '',
  '  add(a, b) {',
  '    return a + b;',
  '  }',
  '',
  '  twice(x) {',
  '    return this.add(x, x);',
  '  }',
  '}',
  '',
  'module.exports = { Calculator };',
  '',
].join('\n');
/** Lines 9-11 of CALCULATOR, the selection of every test. */
const SELECTED = '  add(a, b) {\n    return a + b;\n  }\n';
/** The model's answer: prose around a fenced block, dedented as chat models often answer. */
const CHAT_ANSWER = 'Here is the method with a JSDoc comment:\n\n```javascript\n/** Returns the sum of a and b. */\nadd(a, b) {\n  return a + b;\n}\n```\n\nThe behaviour is unchanged.';
/** CHAT_ANSWER cleaned: the code alone at the method's indentation. */
const REFACTORED = CALCULATOR.replace(SELECTED, '  /** Returns the sum of a and b. */\n  add(a, b) {\n    return a + b;\n  }\n');

/** Next edit: the parameter `factor` becomes `k`; the fixture's next-edit model knows the end. */
const SCALED = [
  'def scaled(values, factor):',
  '    """Multiply each value by factor."""',
  '    result = []',
  '    for value in values:',
  '        result.append(value * factor)',
  '    return result',
  '',
  '',
  'print(scaled([1, 2, 3], 2))',
  '',
].join('\n');
const SCALED_RENAMED = SCALED.replace(/factor/g, 'k');
/** Next edit: an argument added to greet(); its body and calls only need text inserted (ghost text). */
const GREET = ["def greet(name):", "    return 'Hello, ' + name", '', '', "print(greet('Ada'))", '', "print(greet('Grace'))", ''].join('\n');
const GREET_FINAL = GREET.replace('(name)', '(name, punctuation)').replace('+ name', '+ name + punctuation').replace(/'\)\)/g, "', '!'))");

const FILES: Record<string, string> = {
  ...Object.fromEntries(['apply.js', 'discard.js', 'cancel.js', 'conflict.js', 'relocate.js', 'failure.js'].map((name) => [name, CALCULATOR])),
  'rename.py': SCALED,
  'dismiss.py': SCALED,
  'greet.py': GREET,
};

/** What a user does in the workbench to run the command and answer its prompts. */
class RefactorUser {
  constructor(readonly vs: VsCodeSession) {}

  /** Opens the file and selects the add() method with the keyboard (line 9, column 1 to line 12, column 1). */
  async selectMethod(file: string): Promise<void> {
    await this.vs.openFile(file, 9, 1);
    for (let i = 0; i < 3; i++) await this.vs.pressKey('Shift+ArrowDown');
    await this.vs.waitFor('the method selected', () => this.vs.workbench.cursorPosition(), (p) => p === 'Ln 12, Col 1');
  }

  quickInputTitle(): Promise<string> {
    return this.vs.workbench.quickPickTitle();
  }

  async waitForQuickInput(title: string, timeoutMs = 15_000): Promise<void> {
    await this.vs.waitFor(`a quick input titled "${title}"`, () => this.quickInputTitle(), (t) => t.includes(title), timeoutMs);
  }

  async waitForNoQuickInput(): Promise<void> {
    await this.vs.waitFor('the quick input to close', () => this.quickInputTitle(), (t) => t === '');
  }

  /** F1, the command's title, Enter: then the instruction prompt is up. */
  async runCommandFromF1(): Promise<void> {
    await this.vs.pressKey('F1');
    await this.vs.page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await this.vs.typeText('Refactor Selection', { delayMs: 15, jitterMs: 5 });
    await this.vs.page.locator('.quick-input-list .monaco-list-row', { hasText: COMMAND_TITLE }).first().waitFor({ state: 'visible' });
    await this.vs.pressKey('Enter');
    await this.waitForQuickInput('DeepSeek FIM: Refactor Selection in');
  }

  /** Types the instruction and submits it once the prompt has it active (as a new or a recent instruction). */
  async giveInstruction(instruction: string): Promise<void> {
    await this.vs.typeText(instruction, { delayMs: 15, jitterMs: 5 });
    await this.vs.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: instruction }).waitFor({ state: 'visible' });
    await this.vs.pressKey('Enter');
  }

  /** Waits for the review (the diff and the Apply / Discard choice), then picks by typing. */
  async waitForReview(): Promise<void> {
    await this.waitForQuickInput('Review the proposed edit', 30_000);
    await this.vs.page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible' });
  }

  async choose(label: 'Apply' | 'Discard'): Promise<void> {
    await this.vs.typeText(label, { delayMs: 15, jitterMs: 5 });
    await this.vs.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).waitFor({ state: 'visible' });
    await this.vs.pressKey('Enter');
    await this.waitForNoQuickInput();
    // The review's diff closes next: a Ctrl+S while it is still the active editor would save the
    // read-only proposal (a Save As dialog), not the file.
    await this.vs.waitFor('the review diff closed', () => this.vs.page.locator('.monaco-diff-editor').count(), (n) => n === 0);
  }

  /** The prompt closes and no review follows (a review would come within moments of the answer). */
  async assertNoReview(): Promise<void> {
    await this.waitForNoQuickInput();
    await sleep(1000);
    assert.ok(!(await this.quickInputTitle()).includes('Review'), 'a review was shown');
    assert.equal(await this.vs.page.locator('.monaco-diff-editor').count(), 0, 'a diff was opened');
  }

  async waitForNotification(pattern: RegExp, after: number, timeoutMs = 20_000): Promise<string> {
    const all = await this.vs.waitFor(`a notification matching ${pattern}`, () => this.vs.notifications(), (texts) => texts.slice(after).some((t) => pattern.test(t)), timeoutMs);
    return all.slice(after).find((t) => pattern.test(t)) as string;
  }

  async assertEditorHolds(text: string, what: string): Promise<void> {
    await this.vs.waitFor(what, () => this.vs.editorText(), (shown) => shown === text);
  }
}

describe('Refactor Selection in a real VS Code', () => {
  let fixture: OllamaFixture;
  let vs: VsCodeSession;
  let user: RefactorUser;

  function chatRequests(): GenerateBody[] {
    return fixture.requests.filter((r) => r.path === '/api/chat').map((r) => r.body as GenerateBody);
  }

  before(
    async () => {
      fixture = await startOllamaFixture({ models: ['deepseek-coder:1.3b-base', INSTRUCT_MODEL] });
      // Chat requests get the refactor answer; ghost text is switched off so that no completion
      // request competes with the command.
      // Next-edit prompts (the last test) are answered from the rename's final file.
      const nextEdit = nextEditResponder({ 'rename.py': SCALED_RENAMED, 'dismiss.py': SCALED_RENAMED, 'greet.py': GREET_FINAL });
      fixture.setResponder((prompt, body) => (!Array.isArray(body.messages) ? '' : prompt.includes('<|editable_region_start|>') ? nextEdit(prompt) : CHAT_ANSWER));
      vs = await launchVsCode({
        suite: 'refactor',
        files: FILES,
        settings: { ...extensionSettings(fixture.url), 'deepseekFim.enable': { '*': false } },
      });
      user = new RefactorUser(vs);
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await vs?.close();
    await fixture?.close();
  });

  it('Apply: the file on disk is exactly the cleaned answer in place of the selection; one Ctrl+Z restores it', { timeout: 120_000 }, () =>
    vs.step('apply', async () => {
      const requestsBefore = chatRequests().length;
      await user.selectMethod('apply.js');
      await user.runCommandFromF1();
      await user.giveInstruction(INSTRUCTION);
      await user.waitForReview();

      const [request] = chatRequests().slice(requestsBefore);
      assert.ok(request, 'the chat request reached Ollama');
      assert.equal(request.model, INSTRUCT_MODEL);
      const prompt = request.messages?.find((m) => m.role === 'user')?.content ?? '';
      assert.match(prompt, /File: apply\.js\nLanguage: javascript/);
      assert.ok(prompt.includes(`The selection:\n\`\`\`javascript\n${SELECTED}\`\`\``), prompt);
      assert.ok(prompt.includes(`Instruction: ${INSTRUCTION}`));
      assert.equal(vs.readFile('apply.js'), CALCULATOR, 'nothing changes before Apply');

      // The README's picture: the diff and the choice (once the progress notification is gone).
      await vs.page.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').first().waitFor({ state: 'attached' });
      await vs.page.locator('.notification-toast-container', { hasText: 'refactoring apply.js' }).waitFor({ state: 'hidden' });
      await vs.page.screenshot({ path: join(REPO_ROOT, 'media', 'refactor-review.png'), animations: 'disabled' });

      await user.choose('Apply');
      await user.assertEditorHolds(REFACTORED, 'the refactored method in the editor');
      // Saving writes the file in steps: wait for the exact text, never for "something else".
      await vs.save('apply.js', REFACTORED);

      await vs.pressKey('Control+Z');
      await user.assertEditorHolds(CALCULATOR, 'the original after one undo');
      await vs.save('apply.js', CALCULATOR);
    }),
  );

  it('Discard leaves the file byte-identical', { timeout: 120_000 }, () =>
    vs.step('discard', async () => {
      await user.selectMethod('discard.js');
      await user.runCommandFromF1();
      await user.giveInstruction(INSTRUCTION);
      await user.waitForReview();
      await user.choose('Discard');
      await user.assertEditorHolds(CALCULATOR, 'the untouched file');
      await vs.pressKey('Control+S');
      await vs.waitFor('no unsaved change', () => vs.page.locator('.tabs-container .tab.active.dirty').count(), (n) => n === 0);
      assert.equal(vs.readFile('discard.js'), CALCULATOR);
    }),
  );

  it('Cancel, at the instruction or while the model works, sends nothing or stops it, and leaves the file byte-identical', { timeout: 120_000 }, () =>
    vs.step('cancel', async () => {
      // Escape at the instruction: nothing is sent.
      const requestsBefore = chatRequests().length;
      await user.selectMethod('cancel.js');
      await user.runCommandFromF1();
      await vs.pressKey('Escape');
      await user.waitForNoQuickInput();
      assert.equal(chatRequests().length, requestsBefore, 'no request after Escape');

      // Cancel in the progress notification: the request is aborted on the server.
      fixture.setLatency({ firstTokenMs: 30_000 });
      try {
        const abortedBefore = fixture.abortedCount;
        await user.runCommandFromF1();
        await user.giveInstruction(INSTRUCTION);
        const toast = vs.page.locator('.notification-toast-container', { hasText: 'refactoring cancel.js' });
        await toast.waitFor({ state: 'visible' });
        await toast.getByRole('button', { name: 'Cancel' }).click();
        await fixture.waitUntil((f) => f.abortedCount > abortedBefore, 10_000);
        await toast.waitFor({ state: 'hidden' });
        await user.assertNoReview();
      } finally {
        fixture.setLatency({ firstTokenMs: 0 });
      }
      await user.assertEditorHolds(CALCULATOR, 'the untouched file');
      assert.equal(await vs.page.locator('.tabs-container .tab.active.dirty').count(), 0, 'no unsaved change');
      assert.equal(vs.readFile('cancel.js'), CALCULATOR);
    }),
  );

  it('an edit inside the selection during a slow answer refuses the edit and says so', { timeout: 120_000 }, () =>
    vs.step('conflict', async () => {
      const notificationsBefore = (await vs.notifications()).length;
      fixture.setLatency({ firstTokenMs: 4000 });
      try {
        await user.selectMethod('conflict.js');
        await user.runCommandFromF1();
        await user.giveInstruction(INSTRUCTION);
        await user.waitForNoQuickInput();
        // ArrowLeft ends the selection at its start; the edit lands at the end of line 9, inside it.
        await vs.pressKey('ArrowLeft');
        await vs.pressKey('End');
        await vs.typeText(' // mine', { delayMs: 15, jitterMs: 5 });
        await user.waitForNotification(/selected code changed while the model worked/, notificationsBefore);
      } finally {
        fixture.setLatency({ firstTokenMs: 0 });
      }
      await user.assertNoReview();
      const mine = CALCULATOR.replace('  add(a, b) {', '  add(a, b) { // mine');
      await user.assertEditorHolds(mine, 'the user’s edit and nothing else');
      await vs.save('conflict.js', mine);
    }),
  );

  it('an edit before the selection during a slow answer is kept and the answer still lands on the selection', { timeout: 120_000 }, () =>
    vs.step('relocate', async () => {
      fixture.setLatency({ firstTokenMs: 3000 });
      try {
        await user.selectMethod('relocate.js');
        await user.runCommandFromF1();
        await user.giveInstruction(INSTRUCTION);
        await user.waitForNoQuickInput();
        await vs.pressKey('Control+Home');
        await vs.typeText('const version = 2;\n', { delayMs: 15, jitterMs: 5 });
        await user.waitForReview();
      } finally {
        fixture.setLatency({ firstTokenMs: 0 });
      }
      await user.choose('Apply');
      const expected = `const version = 2;\n${REFACTORED}`;
      await user.assertEditorHolds(expected, 'both edits');
      await vs.save('relocate.js', expected);
    }),
  );

  it('a failing model changes nothing and says why, once', { timeout: 120_000 }, () =>
    vs.step('failure', async () => {
      const notificationsBefore = (await vs.notifications()).length;
      await fixture.setFault({ status: 503 });
      try {
        await user.selectMethod('failure.js');
        await user.runCommandFromF1();
        await user.giveInstruction(INSTRUCTION);
        const message = await user.waitForNotification(/refactor failed/, notificationsBefore);
        assert.match(message, /busy/);
      } finally {
        await fixture.setFault(null);
      }
      await user.assertNoReview();
      const failures = (await vs.notifications()).slice(notificationsBefore).filter((t) => /refactor failed/.test(t));
      assert.equal(failures.length, 1, 'said once');
      await user.assertEditorHolds(CALCULATOR, 'the untouched file');
      assert.equal(vs.readFile('failure.js'), CALCULATOR);
    }),
  );
  // Next-edit suggestions share this launch: the same Ollama fixture answers its chat requests.
  it('Next edit: after a rename, Tab goes to each other use and Tab accepts it (one undo each); Escape dismisses; an insertion at the cursor is ghost text', { timeout: 120_000 }, () =>
    vs.step('next-edit', async () => {
      await vs.updateSettings({ 'deepseekFim.nextEdit.enabled': true, 'deepseekFim.nextEdit.pauseMs': 300 });
      try {
        const nextEditRequests = () => chatRequests().filter((body) => body.messages?.some((m) => m.content.includes('rename.py')));
        // The cursor after `factor` in the signature: delete it and type the new name.
        await vs.openFile('rename.py', 1, 26);
        for (let i = 0; i < 'factor'.length; i++) await vs.pressKey('Backspace');
        await vs.typeText('k', { delayMs: 15 });
        const answered = () => fixture.requests.filter((r) => r.path === '/api/chat' && r.endedAt !== undefined && JSON.stringify(r.body).includes('rename.py'));
        await vs.waitFor('the next-edit answer', async () => answered().length, (n) => n > 0, 20_000);
        const [request] = nextEditRequests();
        assert.equal(request.model, INSTRUCT_MODEL);
        const prompt = request.messages?.at(-1)?.content ?? '';
        assert.ok(prompt.includes('-def scaled(values, factor):\n+def scaled(values, k):'), `the rename went with the request: ${prompt}`);
        assert.ok(prompt.includes('<|editable_region_start|>'), 'the editable window');
        // Shown as a decoration: nothing in the file changes before Tab.
        await sleep(800);
        await vs.page.screenshot({ path: join(REPO_ROOT, 'media', 'next-edit.png'), animations: 'disabled' });
        const before = await vs.editorText();
        assert.equal(before, SCALED.replace('(values, factor)', '(values, k)'));

        await vs.pressKey('Tab');
        await vs.waitFor('the cursor at the docstring', () => vs.workbench.cursorPosition(), (p) => p.startsWith('Ln 2,'));
        await vs.pressKey('Tab');
        await user.assertEditorHolds(before.replace('by factor.', 'by k.'), 'the docstring accepted');
        await vs.pressKey('Tab');
        await vs.waitFor('the cursor at the loop body', () => vs.workbench.cursorPosition(), (p) => p.startsWith('Ln 5,'));
        await vs.pressKey('Tab');
        await user.assertEditorHolds(SCALED_RENAMED, 'every use renamed');

        await vs.pressKey('Control+Z');
        await user.assertEditorHolds(SCALED_RENAMED.replace('value * k', 'value * factor'), 'one undo takes back one accepted edit');
        await vs.pressKey('Control+Shift+Z');
        await user.assertEditorHolds(SCALED_RENAMED, 'redone');
        await vs.save('rename.py', SCALED_RENAMED);
        assert.equal(nextEditRequests().length <= 3, true, `no request per keystroke: ${nextEditRequests().length}`);

        // Escape dismisses: Tab is the editor's own again (it indents), and nothing else changes.
        await vs.openFile('dismiss.py', 1, 26);
        for (let i = 0; i < 'factor'.length; i++) await vs.pressKey('Backspace');
        await vs.typeText('k', { delayMs: 15 });
        const about = (file: string) => fixture.requests.filter((r) => r.path === '/api/chat' && r.endedAt !== undefined && JSON.stringify(r.body).includes(file));
        await vs.waitFor('the next-edit answer for dismiss.py', async () => about('dismiss.py').length, (n) => n > 0, 20_000);
        await sleep(800);
        await vs.pressKey('Escape');
        await sleep(300);
        await vs.pressKey('Tab');
        const renamedOnly = SCALED.replace('(values, factor)', '(values, k)');
        await user.assertEditorHolds(renamedOnly.replace('(values, k)', '(values, k    )'), 'Tab indented at the cursor: the dismissed edit is gone');
        assert.match(await vs.workbench.cursorPosition(), /^Ln 1,/);

        // An edit that only inserts at the cursor is ghost text once Tab has gone there; Tab accepts it.
        await vs.openFile('greet.py', 1, 15);
        await vs.typeText(', punctuation', { delayMs: 15 });
        await vs.waitFor('the next-edit answer for greet.py', async () => about('greet.py').length, (n) => n > 0, 20_000);
        await sleep(800);
        let expected = GREET.replace('(name)', '(name, punctuation)');
        for (const [line, ghost, change] of [
          [2, ' + punctuation', ['+ name', '+ name + punctuation']],
          [5, ", '!'", ["('Ada')", "('Ada', '!')"]],
          [7, ", '!'", ["('Grace')", "('Grace', '!')"]],
        ] as const) {
          await vs.pressKey('Tab');
          await vs.waitFor(`the cursor on line ${line}`, () => vs.workbench.cursorPosition(), (p) => p.startsWith(`Ln ${line},`));
          await vs.workbench.waitForGhostText(ghost);
          await vs.pressKey('Tab');
          expected = expected.replace(change[0], change[1]);
          await user.assertEditorHolds(expected, `line ${line} accepted from the ghost text`);
          // A person's next Tab comes a moment later; the next edit's diff is up by then.
          await sleep(400);
        }
        assert.equal(expected, GREET_FINAL);
        await vs.save('greet.py', GREET_FINAL);
      } finally {
        await vs.updateSettings({ 'deepseekFim.nextEdit.enabled': undefined, 'deepseekFim.nextEdit.pauseMs': undefined });
      }
    }),
  );
});


// The DeepSeek backend has its own code-server: machine-scoped settings (deepseekFim.backend
// and the URLs) changed in settings.json mid-session did not reach the extension host of
// code-server 4.139 (they fell back to their defaults), so they are set at launch.
describe('Refactor Selection with the DeepSeek API in a real VS Code', () => {
  let deepseek: DeepSeekFixture;
  let vs: VsCodeSession;
  let user: RefactorUser;

  before(
    async () => {
      deepseek = await startDeepSeekFixture();
      // Next-edit prompts (the last test) are answered from the rename's final file.
      const nextEdit = nextEditResponder({ 'rename.py': SCALED_RENAMED });
      deepseek.setResponder((prompt) => (prompt.includes('<|editable_region_start|>') ? nextEdit(prompt) : CHAT_ANSWER));
      // Both DeepSeek URLs point at the loopback fixture: nothing may leave this machine.
      vs = await launchVsCode({
        suite: 'refactor-deepseek',
        files: { 'deepseek.js': CALCULATOR, 'rename.py': SCALED },
        settings: {
          'deepseekFim.backend': 'deepseek',
          'deepseekFim.deepseek.baseUrl': `${deepseek.url}/beta`,
          'deepseekFim.deepseek.chatBaseUrl': deepseek.url,
          'deepseekFim.refactor.thinking': true,
          'deepseekFim.enable': { '*': false },
        },
        env: { DEEPSEEK_API_KEY: FIXTURE_DEFAULT_KEY },
      });
      user = new RefactorUser(vs);
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await vs?.close();
    await deepseek?.close();
  });

  it('DeepSeek: the chat API with thinking on; the reasoning goes to the log and the answer is applied', { timeout: 120_000 }, () =>
    vs.step('deepseek', async () => {
      await user.selectMethod('deepseek.js');
      await user.runCommandFromF1();
      await user.giveInstruction(INSTRUCTION);
      await user.waitForReview();
      await user.choose('Apply');
      await user.assertEditorHolds(REFACTORED, 'the refactored method in the editor');
      await vs.save('deepseek.js', REFACTORED);
      const chats = deepseek.requests.filter((r) => r.path === '/chat/completions');
      assert.equal(chats.length, 1);
      const body = chats[0].body as Record<string, unknown>;
      assert.equal(body.model, 'deepseek-flash', 'the default refactor model');
      assert.equal(body.thinking, undefined, 'thinking left on');
      assert.equal(chats[0].headers.authorization, `Bearer ${FIXTURE_DEFAULT_KEY}`);
      await vs.waitFor('the reasoning in the log', async () => vs.extensionLog(), (log) => /reasoning: .*keep the code style/.test(log), 10_000);
      assert.ok(!vs.extensionLog().includes(FIXTURE_DEFAULT_KEY), 'the key is never logged');
    }),
  );

  it('Next edit on the DeepSeek API: the chat API in non-thinking mode, its cost counted apart and logged', { timeout: 120_000 }, () =>
    vs.step('next-edit-deepseek', async () => {
      await vs.updateSettings({ 'deepseekFim.nextEdit.enabled': true, 'deepseekFim.nextEdit.pauseMs': 300 });
      try {
        const nextEditChats = () => deepseek.requests.filter((r) => r.path === '/chat/completions' && JSON.stringify(r.body).includes('rename.py'));
        await vs.openFile('rename.py', 1, 26);
        for (let i = 0; i < 'factor'.length; i++) await vs.pressKey('Backspace');
        await vs.typeText('k', { delayMs: 15 });
        await vs.waitFor('the next-edit request to DeepSeek', async () => nextEditChats().length, (n) => n > 0, 20_000);
        const body = nextEditChats()[0].body as Record<string, unknown>;
        assert.equal(body.model, 'deepseek-flash');
        assert.deepEqual(body.thinking, { type: 'disabled' }, 'non-thinking mode');
        assert.equal(nextEditChats()[0].headers.authorization, `Bearer ${FIXTURE_DEFAULT_KEY}`);
        await sleep(800);
        await vs.pressKey('Tab');
        await vs.waitFor('the cursor at the docstring', () => vs.workbench.cursorPosition(), (p) => p.startsWith('Ln 2,'));
        await vs.pressKey('Tab');
        await user.assertEditorHolds(SCALED.replace('(values, factor)', '(values, k)').replace('by factor.', 'by k.'), 'the docstring accepted');
        await vs.waitFor('the next-edit cost in the log', async () => vs.extensionLog(), (log) => /next edit: DeepSeek request .*next edits today: \d+ requests/.test(log), 10_000);
        assert.ok(!vs.extensionLog().includes(FIXTURE_DEFAULT_KEY), 'the key is never logged');
      } finally {
        await vs.updateSettings({ 'deepseekFim.nextEdit.enabled': undefined, 'deepseekFim.nextEdit.pauseMs': undefined });
      }
    }),
  );
});
