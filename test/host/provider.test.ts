// The inline-completion provider, through VS Code's own commands: a DeepSeek FIM prompt with
// the document's prefix and suffix reaches the server, and the item VS Code gets inserts the answer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { activateExtension, closeAllEditors, fimPrompt, openEditor, setSetting, waitUntil } from './hostSupport';

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
});
