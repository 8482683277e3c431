// The inline-completion provider, through VS Code's own commands: a DeepSeek FIM prompt with
// the document's prefix and suffix reaches the server, and the item VS Code gets inserts the answer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { acceptCompletion, activateExtension, closeAllEditors, controllerApi, fimPrompt, openEditor, setSetting, sleep, unique, waitUntil } from './hostSupport';

describe('inline completion provider', () => {
  let fixture: OllamaFixture;

  before(async () => {
    fixture = await startOllamaFixture();
    await activateExtension();
    await setSetting('ollama.host', fixture.url);
    await setSetting('backend', 'ollama');
  });

  afterEach(closeAllEditors);

  after(async () => {
    await fixture.close();
  });

  it('sends the FIM prompt of the text around the cursor, raw, to the configured model', async () => {
    fixture.setResponder(() => 'a + b');
    fixture.clearRequests();
    await openEditor('python', 'def add(a, b):\n    return \n\nprint(add(1, 2))\n', 1, 11);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await fixture.waitUntil((f) => f.generateRequests().length > 0, 10_000);
    const body = fixture.generateRequests()[0].body as { prompt?: string; raw?: boolean; model?: string; suffix?: unknown };
    assert.equal(body.prompt, fimPrompt('def add(a, b):\n    return ', '\n\nprint(add(1, 2))\n'));
    assert.equal(body.raw, true);
    assert.equal(body.suffix, undefined, 'raw mode must not send `suffix`');
    assert.equal(body.model, 'deepseek-coder:1.3b-base');
  });

  it('returns an item that VS Code inserts at the cursor', async () => {
    fixture.setResponder(() => '`Hello, ${name}!`;');
    const editor = await openEditor('typescript', 'function greet(name: string): string {\n  return \n}\n', 1, 9);
    const expected = 'function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n';
    // Commit accepts the shown suggestion; until the answer arrives there is nothing to accept.
    await waitUntil(
      'the completion is shown and accepted',
      async () => {
        await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
        await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
        return editor.document.getText() !== 'function greet(name: string): string {\n  return \n}\n';
      },
      15_000,
      200,
    );
    assert.equal(editor.document.getText(), expected);
  });

  it('keystrokes typed while a request is in flight are served by that one request, not by new ones', async () => {
    const name = unique('total');
    const answer = `${name}(prices, quantities)`;
    fixture.setResponder(() => answer);
    // Long enough to type through, and under the first-token deadline's 1.5 s floor: after the
    // fast answers of earlier tests a longer silence counts as a silent server and is given up.
    fixture.setLatency({ firstTokenMs: 1200 });
    try {
      fixture.clearRequests();
      const { engine } = await controllerApi();
      const statsBefore = { ...engine.stats };
      const predictionsBefore = engine.predictions.stats.requested;
      // This document's requests for what the person typed: not a request an earlier test's
      // editor may still send, nor the prediction of what follows the accept, made once the
      // completion shows (its prompt holds the whole answer).
      const typingRequests = () =>
        fixture.generateRequests().filter((r) => {
          const prompt = (r.body as { prompt?: string }).prompt ?? '';
          return prompt.includes('result = ') && !prompt.includes(answer);
        });
      const editor = await openEditor('python', 'result = \n', 0, 9);
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await fixture.waitUntil(() => typingRequests().length === 1, 10_000);
      // The person types the answer's first characters while the model is still thinking.
      for (const char of name.slice(0, 3)) {
        await vscode.commands.executeCommand('type', { text: char });
        await sleep(120);
      }
      const text = await acceptCompletion(editor, 20_000);
      assert.equal(text, `result = ${answer}\n`);
      assert.equal(typingRequests().length, 1, 'one request served the trigger and the keystrokes after it');
      // VS Code 1.139 holds the keystrokes' provider calls until the pending one returns, so the
      // engine serves them from that request's answer (typed-ahead) or while it streams (in-flight).
      const servedByIt = engine.stats.inFlightReuses + engine.stats.typedAheadHits - (statsBefore.inFlightReuses + statsBefore.typedAheadHits);
      assert.ok(servedByIt >= 3, `keystrokes served by the one request: ${servedByIt} (${JSON.stringify(statsBefore)} -> ${JSON.stringify(engine.stats)})`);
      assert.equal(engine.stats.requests - statsBefore.requests - (engine.predictions.stats.requested - predictionsBefore), 1);
    } finally {
      fixture.setLatency({ firstTokenMs: 0 });
    }
  });

  it('manual trigger: typing (and Enter) sends nothing; Alt+\\ (the trigger command) asks, and the answer is accepted', async () => {
    await setSetting('triggerMode', 'manual');
    try {
      const name = unique('scale');
      fixture.setResponder(() => 'value * factor');
      const editor = await openEditor('python', `def ${name}(value, factor):\n    \n`, 1, 4);
      const before = fixture.generateRequests().length;
      for (const text of ['return ', '\n', '    ']) {
        await vscode.commands.executeCommand('type', { text });
        await sleep(150);
      }
      await sleep(1500);
      assert.equal(fixture.generateRequests().length, before, 'a request while typing in manual mode');
      // Back to the end of "return ", then ask as Alt+\\ does.
      editor.selection = new vscode.Selection(1, 11, 1, 11);
      const text = await acceptCompletion(editor);
      assert.ok(text.includes('    return value * factor'), JSON.stringify(text));
      assert.ok(fixture.generateRequests().length > before, 'the trigger sent no request');
    } finally {
      await setSetting('triggerMode', undefined);
    }
  });
});
