// Next-edit suggestions in the real extension host: the edits of an excluded file are never
// recorded nor sent, while the same edits in an ordinary file reach the model with their diff.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startOllamaFixture, type GenerateBody, type OllamaFixture } from '../fixtures/ollamaFixture';
import { closeAllEditors, setSetting, sleep, unique, waitUntil } from './hostSupport';

const INSTRUCT_MODEL = 'deepseek-coder:6.7b-instruct';

describe('next-edit suggestions: what is recorded and sent', () => {
  let fixture: OllamaFixture;

  const chatPrompts = (): string[] =>
    fixture.requests.filter((r) => r.path === '/api/chat').map((r) => ((r.body as GenerateBody).messages ?? []).map((m) => m.content).join('\n'));

  /** Opens a file of the workspace folder and renames its first line's word by two edits, like typing. */
  async function renameIn(name: string, secret: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder && folder.uri.scheme === 'file', 'the host suite runs with a workspace folder on disk');
    const path = join(folder.uri.fsPath, name);
    writeFileSync(path, `${secret} = 1\nprint(${secret})\n`);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(path));
    const word = new vscode.Range(0, 0, 0, secret.length);
    assert.ok(await editor.edit((b) => b.replace(word, `${secret}_RENAMED`)));
  }

  before(async () => {
    fixture = await startOllamaFixture({ models: ['deepseek-coder:1.3b-base', INSTRUCT_MODEL] });
    fixture.setResponder(() => '');
    await setSetting('ollama.host', fixture.url);
    await setSetting('backend', 'ollama');
    await setSetting('nextEdit.pauseMs', 200);
    await setSetting('nextEdit.enabled', true);
  });

  afterEach(closeAllEditors);

  after(async () => {
    await setSetting('nextEdit.enabled', undefined);
    await setSetting('nextEdit.pauseMs', undefined);
    await fixture.close();
  });

  it('an edit in an ordinary file goes to the model as a diff, with the lines around the cursor', async () => {
    const secret = unique('PLAIN_NAME');
    await renameIn(`${unique('plain')}.py`, secret);
    await waitUntil('a next-edit request about the file', () => chatPrompts().some((p) => p.includes(`-${secret} = 1\n+${secret}_RENAMED = 1`)), 10_000);
    assert.ok(chatPrompts().some((p) => p.includes(`print(${secret})`)), 'the editable window went with it');
  });

  it('an edit in an excluded file (.env) is never recorded nor sent', async () => {
    const secret = unique('ENV_SECRET');
    await renameIn('.env', secret);
    // Well past the pause: a request would have gone by now.
    await sleep(1500);
    assert.deepEqual(chatPrompts().filter((p) => p.includes(secret)), []);
  });
});
