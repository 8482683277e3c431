// The inline-completion provider: adapts VS Code's call to the engine and the engine's answer
// to an InlineCompletionItem. The cancellation token is linked to an AbortSignal that stops
// the engine's waiting; the engine decides when the HTTP request itself is aborted.
import * as vscode from 'vscode';
import type { CompletionEngine } from '../engine/completionEngine';
import { contextFileOf } from './context/workspaceFiles';
import { documentView, toDocumentEol } from './documentView';

export const ACCEPTED_COMMAND = 'deepseekFim.internal.accepted';

export interface ProviderGate {
  /** Undefined when completions may be requested for this document, else why not (for the status bar). */
  blockReason(document: vscode.TextDocument): string | undefined;
}

export class InlineProvider implements vscode.InlineCompletionItemProvider {
  constructor(
    private readonly engine: CompletionEngine,
    private readonly gate: ProviderGate,
  ) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    if (this.gate.blockReason(document) !== undefined) return undefined;
    // While the suggest widget shows an item, our text would have to extend it: stay out.
    if (context.selectedCompletionInfo) return undefined;

    const versionAtStart = document.version;
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const view = documentView(document);
      const completion = await this.engine.provide(
        {
          editorKey: document.uri.toString(),
          document: view,
          position: { line: position.line, character: position.character },
          explicit: context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke,
          file: contextFileOf(document),
        },
        controller.signal,
      );
      if (!completion || token.isCancellationRequested) return undefined;
      // The document changed while we waited (another extension, a formatter): the answer is stale.
      if (document.version !== versionAtStart) return undefined;
      const lineLength = document.lineAt(position.line).text.length;
      const end = position.translate(0, Math.min(completion.replaceLength, lineLength - position.character));
      const item = new vscode.InlineCompletionItem(toDocumentEol(completion.insertText, view.eol), new vscode.Range(position, end), {
        title: 'Accepted',
        command: ACCEPTED_COMMAND,
        arguments: [document.uri.toString()],
      });
      return [item];
    } finally {
      subscription.dispose();
    }
  }
}
