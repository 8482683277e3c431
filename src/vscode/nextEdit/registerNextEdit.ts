// Next-edit suggestions: the controller and the two keys it answers while an edit is shown.
import * as vscode from 'vscode';
import type { Logger, TokenUsage } from '../../engine/types';
import type { Controller } from '../controller';
import { NextEditController } from './nextEditController';
import { NEXT_EDIT_DISMISS_COMMAND, NEXT_EDIT_TAB_COMMAND } from './nextEditSettings';

export function registerNextEdit(deps: { controller: Controller; log: Logger; onDeepSeekUsage?: (usage: TokenUsage) => void }): vscode.Disposable[] {
  const nextEdit = new NextEditController(deps);
  return [
    nextEdit,
    vscode.commands.registerCommand(NEXT_EDIT_TAB_COMMAND, () => nextEdit.tab()),
    vscode.commands.registerCommand(NEXT_EDIT_DISMISS_COMMAND, () => nextEdit.dismiss()),
  ];
}
