// Next-edit suggestions: the controller and the two keys it answers while an edit is shown.
import * as vscode from 'vscode';
import type { Logger } from '../../engine/types';
import type { Controller } from '../controller';
import { NextEditController } from './nextEditController';
import { NEXT_EDIT_INLINE_ACCEPTED_COMMAND, NextEditInline } from './nextEditInline';
import { NEXT_EDIT_DISMISS_COMMAND, NEXT_EDIT_TAB_COMMAND } from './nextEditSettings';
import { NextEditUsage } from './nextEditUsage';

export function registerNextEdit(context: vscode.ExtensionContext, deps: { controller: Controller; log: Logger }): vscode.Disposable[] {
  // DeepSeek's bill for next edits is kept apart from completion's.
  const usage = new NextEditUsage(context, deps.log);
  const nextEdit = new NextEditController({ ...deps, onDeepSeekUsage: (u) => usage.record(u) });
  return [
    nextEdit,
    vscode.commands.registerCommand(NEXT_EDIT_TAB_COMMAND, () => nextEdit.tab()),
    vscode.commands.registerCommand(NEXT_EDIT_DISMISS_COMMAND, () => nextEdit.dismiss()),
    vscode.commands.registerCommand(NEXT_EDIT_INLINE_ACCEPTED_COMMAND, () => nextEdit.inlineAccepted()),
    vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, new NextEditInline((document, position) => nextEdit.insertionAt(document, position))),
  ];
}
