// The bad-document matrix at the VS Code level: which documents get completions and which
// must not, with real documents from the real editor (untitled, read-only, notebook cells,
// output, log, search editor, SCM input), multi-cursor, and a document edited by someone
// else while a request is in flight.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { FixedFileSystem } from './fixedFileSystem';
import {
  textBeforeCursor,
  QUIET_MS,
  acceptCompletion,
  closeAllEditors,
  controllerApi,
  fimPrompt,
  openEditor,
  placeCursor,
  setSetting,
  setUserSetting,
  sleep,
  tryToAccept,
  unique,
  waitUntil,
  type ControllerApi,
} from './hostSupport';

/** The prompts the fixture received since `from` (an index into generateRequests()). */
function promptsSince(fixture: OllamaFixture, from: number): string[] {
  return fixture.generateRequests().slice(from).map((request) => String((request.body as { prompt?: unknown }).prompt));
}

/**
 * The fixture answers by what the prompt holds just before the hole (the text before the
 * cursor), and only then: any other prompt gets an empty answer, i.e. no completion.
 */
function answerBy(fixture: OllamaFixture, table: () => readonly (readonly [beforeCursor: string, answer: string])[]): void {
  fixture.setResponder((prompt) => {
    const prefix = textBeforeCursor(prompt);
    return table().find(([beforeCursor]) => prefix.endsWith(beforeCursor))?.[1] ?? '';
  });
}

describe('documents: which get completions, and what lands', () => {
  let fixture: OllamaFixture;
  let controller: ControllerApi;
  /** What the fixture answers, by the text just before the cursor (see answerBy). */
  let answers: (readonly [string, string])[] = [];
  const disposables: vscode.Disposable[] = [];

  before(async () => {
    fixture = await startOllamaFixture();
    answerBy(fixture, () => answers);
    controller = await controllerApi();
    await setSetting('ollama.host', fixture.url);
    await setSetting('backend', 'ollama');
    controller.engine.reset();
  });

  beforeEach(() => {
    answers = [];
    fixture.setLatency({ firstTokenMs: 10 });
  });

  afterEach(closeAllEditors);

  after(async () => {
    for (const disposable of disposables) disposable.dispose();
    await fixture.close();
  });

  const workspaceFolder = (): vscode.WorkspaceFolder => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the host suite runs with a workspace folder');
    return folder;
  };

  it('untitled document: the prompt is its text, and the accepted completion lands character for character', async () => {
    const name = unique('untitled');
    const prefix = `def ${name}(a, b):\n    return `;
    const suffix = `\n\nprint(${name}(1, 2))\n`;
    // Characters that a careless insert would mangle: a snippet's $1 and ${b}, a backslash
    // escape, a tab, non-ASCII and a surrogate pair.
    const answer = 'f"{a}\\t{b!r} $1 ${b}\t✓ «é» 🎉"';
    answers = [[prefix, answer]];
    const editor = await openEditor('python', prefix + suffix, 1, 11);
    assert.equal(editor.document.uri.scheme, 'untitled');
    const from = fixture.generateRequests().length;
    const text = await acceptCompletion(editor);
    assert.equal(promptsSince(fixture, from)[0], fimPrompt(prefix, suffix), 'the prompt sent for the untitled document');
    assert.equal(text, prefix + answer + suffix);
  });

  it('read-only file (files.readonlyInclude): nothing is requested or written; made writable for the session, completions come back', async () => {
    const name = unique('readonly');
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, `readonly-${name}.py`);
    const content = `def ${name}(a, b):\n    return \n`;
    answers = [[`def ${name}(a, b):\n    return `, 'a + b']];
    await setUserSetting('files', 'readonlyInclude', { '**/readonly-*.py': true });
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      placeCursor(editor, 1, 11);
      const from = fixture.generateRequests().length;
      await vscode.commands.executeCommand('type', { text: 'x' });
      await tryToAccept(QUIET_MS);
      assert.deepEqual(promptsSince(fixture, from), [], 'requests for a read-only file');
      assert.equal(document.getText(), content, 'the read-only document changed');
      assert.equal(document.isDirty, false);
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), content, 'the file on disk changed');

      // The user lifts the protection for this editor (File: Set Active Editor Writeable in
      // Session): VS Code says nothing to extensions about it, and completions must work again.
      await vscode.commands.executeCommand('workbench.action.files.setActiveEditorWriteableInSession');
      placeCursor(editor, 1, 11);
      const text = await acceptCompletion(editor);
      assert.equal(text, `def ${name}(a, b):\n    return a + b\n`);
      assert.ok(promptsSince(fixture, from).length > 0, 'no request once the editor was writable');
    } finally {
      await closeAllEditors();
      await setUserSetting('files', 'readonlyInclude', undefined);
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  it('read-only file system (a repository served read-only): the gate says so, nothing is requested or changed', async () => {
    const name = unique('readonly_fs');
    const path = `/deepseek-fim/readonly-repo/${name}.py`;
    const content = `def ${name}(a, b):\n    return \n`;
    answers = [[`def ${name}(a, b):\n    return `, 'a + b']];
    // vscode-vfs is the scheme remote-repository extensions use, and one completions are offered for.
    disposables.push(vscode.workspace.registerFileSystemProvider('vscode-vfs', new FixedFileSystem(new Map([[path, content]]), { readonly: true }), { isCaseSensitive: true, isReadonly: true }));
    // The extension host learns the provider's capabilities from the workbench a moment later.
    await waitUntil('VS Code reports vscode-vfs read-only', () => vscode.workspace.fs.isWritableFileSystem('vscode-vfs') === false);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'vscode-vfs', authority: 'github', path }));
    const editor = await vscode.window.showTextDocument(document);
    placeCursor(editor, 1, 11);
    const from = fixture.generateRequests().length;
    await tryToAccept(QUIET_MS);
    assert.deepEqual(promptsSince(fixture, from), [], 'requests for a read-only document');
    assert.equal(document.getText(), content);
    // VS Code does not ask in a read-only editor at all; the extension's own gate agrees, for
    // any caller that would (this is what fails if the gate loses its read-only check).
    assert.equal(controller.blockReason(document), 'readonly');
  });

  it('notebook cell (jupyter-notebook): the prompt is the cell, and the completion is accepted into the cell exactly', async () => {
    const name = unique('cell');
    const prefix = `def ${name}(a, b):\n    return `;
    const suffix = `\n\n${name}(1, 2)`;
    answers = [[prefix, 'a + b  # ✓']];
    const data = new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, prefix + suffix, 'python')]);
    let notebook: vscode.NotebookDocument;
    try {
      notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    } catch (error) {
      throw new Error(`code-server's built-in .ipynb serializer (jupyter-notebook) is not available: ${String(error)}`);
    }
    const notebookEditor = await vscode.window.showNotebookDocument(notebook);
    notebookEditor.selections = [new vscode.NotebookRange(0, 1)];
    await vscode.commands.executeCommand('notebook.cell.edit');
    const cell = notebook.cellAt(0).document;
    await waitUntil('the cell editor has focus', () => vscode.window.activeTextEditor?.document === cell);
    const editor = vscode.window.activeTextEditor as vscode.TextEditor;
    assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
    placeCursor(editor, 1, 11);
    const from = fixture.generateRequests().length;
    await acceptCompletion(editor);
    assert.equal(promptsSince(fixture, from)[0], fimPrompt(prefix, suffix), 'the prompt sent for the cell');
    assert.equal(notebook.cellAt(0).document.getText(), `${prefix}a + b  # ✓${suffix}`);
    assert.equal(notebook.cellCount, 1);
  });

  describe('documents that are not code get no completion', () => {
    /** Focuses nothing new: triggers, types and tries to accept where the focus is, then checks nothing was asked. */
    async function assertNothingRequested(what: string, from: number): Promise<void> {
      await tryToAccept(QUIET_MS);
      assert.deepEqual(promptsSince(fixture, from), [], `requests for ${what}`);
    }

    async function documentWithScheme(scheme: string, match: (document: vscode.TextDocument) => boolean = () => true): Promise<vscode.TextDocument> {
      let found: vscode.TextDocument | undefined;
      await waitUntil(`VS Code has a ${scheme}: document`, () => {
        found = vscode.workspace.textDocuments.find((document) => document.uri.scheme === scheme && match(document));
        return found !== undefined;
      });
      return found as vscode.TextDocument;
    }

    it('an output channel shown in the Output panel', async () => {
      const channel = vscode.window.createOutputChannel(`DeepSeek FIM host test ${unique('output')}`);
      disposables.push(channel);
      channel.appendLine('def add(a, b):');
      channel.append('    return ');
      channel.show(false);
      const document = await documentWithScheme('output', (d) => decodeURIComponent(d.uri.path).includes('DeepSeek FIM host test'));
      assert.notEqual(controller.blockReason(document), undefined, `${document.uri.toString()} is eligible`);
      const from = fixture.generateRequests().length;
      await assertNothingRequested('the Output panel', from);
    });

    it("the extension's own log (a LogOutputChannel), in the Output panel and opened as an editor", async () => {
      controller.channel.show(false);
      const document = await documentWithScheme('output', (d) => d.languageId === 'log' && decodeURIComponent(d.uri.path).includes('DeepSeek FIM'));
      assert.notEqual(controller.blockReason(document), undefined, `${document.uri.toString()} is eligible`);
      const from = fixture.generateRequests().length;
      await assertNothingRequested('the log in the Output panel', from);
      // Developer: Open Log... opens a log channel in an editor of its own.
      const opened = vscode.commands.executeCommand('workbench.action.openLogFile', decodeURIComponent(document.uri.path));
      await Promise.race([opened, sleep(5000)]);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen'); // in case the id was not found and it asks
      await waitUntil('the log is the active editor', () => vscode.window.activeTextEditor?.document === document);
      await assertNothingRequested('the log opened as an editor', from);
    });

    it('a search editor', async () => {
      await vscode.commands.executeCommand('search.action.openNewEditor');
      await waitUntil('a search editor is active', () => vscode.window.activeTextEditor?.document.uri.scheme === 'search-editor');
      const document = (vscode.window.activeTextEditor as vscode.TextEditor).document;
      assert.notEqual(controller.blockReason(document), undefined, `${document.uri.toString()} is eligible`);
      const from = fixture.generateRequests().length;
      await vscode.commands.executeCommand('type', { text: 'def add(a, b):\n    return ' });
      await assertNothingRequested('a search editor', from);
    });

    it('the Source Control input box', async () => {
      const sourceControl = vscode.scm.createSourceControl('deepseek-fim-host-test', 'DeepSeek FIM host test', workspaceFolder().uri);
      disposables.push(sourceControl);
      sourceControl.inputBox.value = 'fix: ';
      await vscode.commands.executeCommand('workbench.view.scm');
      await vscode.commands.executeCommand('workbench.scm.action.focusNextInput').then(undefined, () => undefined);
      const document = await documentWithScheme('vscode-scm');
      assert.equal(document.languageId, 'scminput');
      assert.notEqual(controller.blockReason(document), undefined, `${document.uri.toString()} is eligible`);
      const from = fixture.generateRequests().length;
      await vscode.commands.executeCommand('type', { text: 'handle ' });
      await assertNothingRequested('the SCM input box', from);
      // The keystrokes went where a user's would: into the input box, which then asked for nothing.
      assert.match(sourceControl.inputBox.value, /handle /);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    });
  });

  it('multi-cursor: no request and no change; back to one cursor, completions come back', async () => {
    const name = unique('multi');
    const content = `def ${name}_a(a, b):\n    return \n\ndef ${name}_b(a, b):\n    return \n`;
    answers = [
      [`def ${name}_a(a, b):\n    return `, 'a + b'],
      [`def ${name}_b(a, b):\n    return `, 'a - b'],
    ];
    const editor = await openEditor('python', content, 1, 11);
    editor.selections = [new vscode.Selection(1, 11, 1, 11), new vscode.Selection(4, 11, 4, 11)];
    const from = fixture.generateRequests().length;
    await tryToAccept(QUIET_MS);
    assert.deepEqual(promptsSince(fixture, from), [], 'requests with two cursors');
    assert.equal(editor.document.getText(), content, 'the document changed with two cursors');
    assert.equal(editor.selections.length, 2);
    assert.equal(controller.blockReason(editor.document), 'multiCursor');

    // One cursor again (on the other function: VS Code does not ask again at the position and
    // version it already asked about), and completions come back.
    placeCursor(editor, 4, 11);
    assert.equal(await acceptCompletion(editor), `def ${name}_a(a, b):\n    return \n\ndef ${name}_b(a, b):\n    return a - b\n`);
  });

  describe('another extension edits the document while a request is in flight', () => {
    /** Every text inserted into the document while the test runs. */
    function recordInsertions(document: vscode.TextDocument): { texts: string[]; dispose(): void } {
      const texts: string[] = [];
      const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === document) texts.push(...event.contentChanges.map((change) => change.text));
      });
      return { texts, dispose: () => subscription.dispose() };
    }

    /**
     * Opens `content`, asks for a completion the fixture answers slowly with STALE, applies
     * `edit` while that request is in flight, then keeps asking and accepting as a user would
     * until the slow answer is in (or was given up) and `expected` is the text, and a little
     * longer: the answer for the edited text may land, the stale one never.
     */
    async function editWhileInFlight(content: string, cursor: vscode.Position, edit: (uri: vscode.Uri) => vscode.WorkspaceEdit, expected: string): Promise<{ editor: vscode.TextEditor; insertions: string[]; prompts: string[] }> {
      const editor = await openEditor('python', content, cursor.line, cursor.character);
      const insertions = recordInsertions(editor.document);
      try {
        fixture.setLatency({ firstTokenMs: 1500 });
        const from = fixture.generateRequests().length;
        // Not awaited: the command settles only once the answer is in, and the edit must come before.
        const triggered = vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
        await fixture.waitUntil((f) => f.generateRequests().length > from, 10_000);
        const slow = fixture.generateRequests()[from];
        fixture.setLatency({ firstTokenMs: 10 }); // read per request: the one in flight stays slow
        assert.equal(await vscode.workspace.applyEdit(edit(editor.document.uri)), true, 'the other extension could not edit');
        assert.ok(slow.endedAt === undefined || slow.aborted, 'the slow answer was complete before the edit: the test proves nothing');
        await triggered;
        const deadline = Date.now() + 8000;
        while (Date.now() < deadline && (slow.endedAt === undefined || editor.document.getText() !== expected)) await tryToAccept(200);
        await tryToAccept(600); // a stale answer that arrived last would land now
        return { editor, insertions: insertions.texts, prompts: promptsSince(fixture, from) };
      } finally {
        insertions.dispose();
      }
    }

    it('an edit before the cursor (a rename on the line): the stale answer never lands; the fresh one does', async () => {
      const name = unique('stale_before');
      const original = `def ${name}(a, b):\n    return \n`;
      answers = [
        [`def ${name}(a, b):\n    return `, 'STALE_ANSWER'],
        [`def ${name}(a, b):\n    yield `, 'fresh_answer'],
      ];
      const { editor, insertions, prompts } = await editWhileInFlight(original, new vscode.Position(1, 11), (uri) => {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, new vscode.Range(1, 4, 1, 10), 'yield');
        return edit;
      }, `def ${name}(a, b):\n    yield fresh_answer\n`);
      assert.equal(prompts[0], fimPrompt(`def ${name}(a, b):\n    return `, '\n'), 'the slow request was not the one for the original text');
      assert.ok(!insertions.some((text) => text.includes('STALE')), `a stale answer was inserted: ${JSON.stringify(insertions)}`);
      assert.equal(editor.document.getText(), `def ${name}(a, b):\n    yield fresh_answer\n`);
    });

    it('an edit after the cursor (lines added below): the stale answer never lands; the fresh one does', async () => {
      const name = unique('stale_after');
      const original = `def ${name}(a, b):\n    return \n`;
      const added = `\n\nprint(${name}(1, 2))\n`;
      // Same text before the cursor, so the answer is told apart by the text after it.
      fixture.setResponder((prompt) => {
        if (!textBeforeCursor(prompt).endsWith(`def ${name}(a, b):\n    return `)) return '';
        return prompt.includes(`print(${name}(1, 2))`) ? 'fresh_answer' : 'STALE_ANSWER';
      });
      try {
        const { editor, insertions, prompts } = await editWhileInFlight(original, new vscode.Position(1, 11), (uri) => {
          const edit = new vscode.WorkspaceEdit();
          edit.insert(uri, new vscode.Position(2, 0), added);
          return edit;
        }, `def ${name}(a, b):\n    return fresh_answer\n${added}`);
        assert.equal(prompts[0], fimPrompt(`def ${name}(a, b):\n    return `, '\n'), 'the slow request was not the one for the original text');
        assert.ok(!insertions.some((text) => text.includes('STALE')), `a stale answer was inserted: ${JSON.stringify(insertions)}`);
        assert.equal(editor.document.getText(), `def ${name}(a, b):\n    return fresh_answer\n${added}`);
      } finally {
        answerBy(fixture, () => answers);
      }
    });
  });
});
