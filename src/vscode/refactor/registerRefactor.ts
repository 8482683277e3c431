// "DeepSeek FIM: Refactor Selection...": registers the command (one refactor at a time) and the
// documents its review shows; refactorSelection.ts does the work.
import * as vscode from 'vscode';
import type { Logger } from '../../engine/types';
import type { Controller } from '../controller';
import { RecentInstructions } from './recentInstructions';
import { refactorSelection, type RefactorEnv } from './refactorSelection';
import { REFACTOR_COMMAND } from './refactorSettings';
import { PROPOSAL_SCHEME, ProposalDocuments } from './reviewProposal';
import { showLogAction, tellUser } from './tellUser';

export { REFACTOR_COMMAND } from './refactorSettings';

export interface RefactorDeps {
  readonly controller: Controller;
  readonly log: Logger;
}

export function registerRefactor(context: vscode.ExtensionContext, deps: RefactorDeps): vscode.Disposable[] {
  const proposals = new ProposalDocuments();
  const env: RefactorEnv = { ...deps, proposals, recent: new RecentInstructions(context.globalState), tell: tellUser(deps.log) };
  let running = false;
  const command = vscode.commands.registerCommand(REFACTOR_COMMAND, async () => {
    // One at a time: a second review on top of the first would be confusing to answer.
    if (running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('DeepSeek FIM: a refactor is already in progress: finish or cancel it first.'));
      return;
    }
    running = true;
    try {
      await refactorSelection(env);
    } catch (error) {
      deps.log.error(`refactor: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      env.tell('error', vscode.l10n.t('DeepSeek FIM: the refactor failed unexpectedly; the file was not changed.'), [showLogAction(deps.controller.channel)]);
    } finally {
      running = false;
    }
  });
  return [command, vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals), proposals];
}
