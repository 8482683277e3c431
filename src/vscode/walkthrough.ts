// The first-run walkthrough (package.json `contributes.walkthroughs`) and the commands its
// steps run that exist only for it: open the walkthrough, and open a sample file to try a
// completion in. Its other steps run the ordinary commands (switch backend, pull, set key).
import * as vscode from 'vscode';

export const WALKTHROUGH_ID = 'gettingStarted';
export const OPEN_WALKTHROUGH_COMMAND = 'deepseekFim.openWalkthrough';
export const OPEN_SAMPLE_COMMAND = 'deepseekFim.openSample';

// A function whose body is the obvious completion, with the cursor where the body goes: the
// first thing a new user sees should be a completion that is plainly right.
function sampleLines(): string[] {
  return [
    // Comment in the display language; the code stays as it is, so the completion is the same.
    vscode.l10n.t('# DeepSeek FIM sample: wait a moment for grey ghost text below, then press Tab to accept it.'),
    '',
    'def fibonacci(n: int) -> int:',
    '    """Return the n-th Fibonacci number (fibonacci(0) == 0, fibonacci(1) == 1)."""',
    '    ',
  ];
}

/** Opens this extension's walkthrough in the editor area. */
export function openWalkthrough(extensionId: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, false);
}

/** An untitled Python document holding the sample, the cursor at the end of its last line. */
export async function openSampleFile(): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'python', content: sampleLines().join('\n') });
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const end = document.lineAt(document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
}

export function registerWalkthroughCommands(context: vscode.ExtensionContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(OPEN_WALKTHROUGH_COMMAND, () => openWalkthrough(context.extension.id)),
    vscode.commands.registerCommand(OPEN_SAMPLE_COMMAND, () => openSampleFile()),
  ];
}
