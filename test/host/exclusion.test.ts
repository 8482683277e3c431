// deepseekFim.exclude in the real editor, on every kind of path a document can have: a virtual
// file system (vscode-vfs), an untitled document created with a path, a notebook cell (by its
// notebook's path). The built-in secret files
// hold without any setting, a workspace can add exclusions but never drop one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { FixedFileSystem } from './fixedFileSystem';
import { SECTION, closeAllEditors, controllerApi, placeCursor, setSetting, tryToAccept, unique, waitUntil, type ControllerApi } from './hostSupport';

/** Sets deepseekFim.exclude in the workspace's settings (undefined removes it) and waits until it reads back. */
async function setWorkspaceExclude(value: string[] | undefined): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('exclude', value, vscode.ConfigurationTarget.Workspace);
  await waitUntil('the workspace exclude reads back', () => JSON.stringify(vscode.workspace.getConfiguration(SECTION).inspect('exclude')?.workspaceValue) === JSON.stringify(value));
}

describe('deepseekFim.exclude holds on every path a document can have', () => {
  let fixture: OllamaFixture;
  let controller: ControllerApi;
  const disposables: vscode.Disposable[] = [];

  const workspaceFolder = (): vscode.WorkspaceFolder => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the host suite runs with a workspace folder');
    return folder;
  };

  /** Triggers completions at the end of the document's first line; fails if a request carried the secret. */
  async function assertNothingSent(document: vscode.TextDocument, secret: string): Promise<void> {
    const editor = await vscode.window.showTextDocument(document);
    placeCursor(editor, 0, document.lineAt(0).text.length);
    await tryToAccept();
    const leaked = fixture.generateRequests().filter((request) => JSON.stringify(request.body ?? '').includes(secret));
    assert.equal(leaked.length, 0, 'the excluded content reached the server');
  }

  before(async () => {
    fixture = await startOllamaFixture();
    fixture.setResponder(() => 'SECRET_COMPLETION');
    controller = await controllerApi();
    await setSetting('ollama.host', fixture.url);
    await setSetting('backend', 'ollama');
    // A repository trying to re-enable .env files, and adding its own private notebooks.
    await setWorkspaceExclude(['!**/.env*', '**/private-*.ipynb']);
  });

  afterEach(closeAllEditors);

  after(async () => {
    for (const disposable of disposables) disposable.dispose();
    await setWorkspaceExclude(undefined);
    await setSetting('exclude', undefined);
    await fixture.close();
  });

  it('a .env in a virtual workspace (vscode-vfs) gets nothing, whatever the workspace says', async () => {
    const secret = unique('VFS_TOKEN');
    const path = `/deepseek-fim/virtual-repo/.env`;
    disposables.push(vscode.workspace.registerFileSystemProvider('vscode-vfs', new FixedFileSystem(new Map([[path, `${secret}=`]])), { isCaseSensitive: true }));
    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'vscode-vfs', authority: 'github', path }));
    assert.equal(controller.blockReason(document), 'excluded');
    await assertNothingSent(document, secret);
  });

  it('an untitled document created with a secret path (.ssh/id_ed25519) gets nothing', async () => {
    const secret = unique('UNTITLED_KEY');
    const uri = vscode.Uri.from({ scheme: 'untitled', path: `/home/someone/.ssh/${unique('dir')}/id_ed25519` });
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), `${secret} `);
    await vscode.workspace.applyEdit(edit);
    // Plain text may be switched off by deepseekFim.enable; a language that is on shows the exclusion.
    await vscode.languages.setTextDocumentLanguage(document, 'python');
    assert.equal(controller.blockReason(document), 'excluded');
    await assertNothingSent(document, secret);
  });

  it("a notebook cell is checked by its notebook's path (a pattern the workspace added)", async () => {
    const secret = unique('CELL_SECRET');
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, `private-${unique('nb')}.ipynb`);
    const notebookJson = {
      cells: [{ cell_type: 'code', source: [`${secret} = 1`], metadata: {}, outputs: [], execution_count: null }],
      metadata: { language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(notebookJson)));
    try {
      const notebook = await vscode.workspace.openNotebookDocument(uri);
      const cell = notebook.cellAt(0).document;
      assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
      assert.equal(controller.blockReason(cell), 'excluded');
    } finally {
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  it("the user's own list adds to the built-in secret files (code-server serves no vscode-userdata documents: the unit tests cover that scheme)", async () => {
    await setSetting('exclude', ['**/*.secret.py']);
    const mine = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: `/tmp/${unique('proj')}/db.secret.py` })), 'python');
    assert.equal(controller.blockReason(mine), 'excluded');
    const env = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: `/tmp/${unique('proj')}/.env.local` })), 'python');
    assert.equal(controller.blockReason(env), 'excluded');
    const plain = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: `/tmp/${unique('proj')}/db.py` })), 'python');
    assert.equal(controller.blockReason(plain), undefined);
  });
});
