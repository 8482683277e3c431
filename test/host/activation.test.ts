// The extension activates in a real VS Code, registers what its manifest promises and shows
// its status-bar item.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, statusBarText, waitUntil } from './hostSupport';

interface ContributedCommand {
  readonly command: string;
}

describe('activation', () => {
  it(`activates ${EXTENSION_ID} and returns its API`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const api = await activateExtension();
    assert.equal(extension.isActive, true);
    assert.ok(api.controller, 'activate() returned no controller');
  });

  it('registers every command in the manifest', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await activateExtension();
    const manifest = extension.packageJSON as { contributes?: { commands?: ContributedCommand[] } };
    const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
      'contributed commands that are not registered',
    );
  });

  it('shows a status-bar item naming the backend and the model', async () => {
    await waitUntil('the status bar names Ollama', async () => /Ollama/.test(await statusBarText()));
    const model = vscode.workspace.getConfiguration('deepseekFim').get<string>('ollama.model');
    assert.ok(model);
    assert.match(await statusBarText(), new RegExp(model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
});
