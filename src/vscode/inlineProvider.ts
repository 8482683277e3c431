// The inline-completion provider: adapts VS Code's call to the engine and the engine's answer
// to an InlineCompletionItem. The cancellation token is linked to an AbortSignal that stops
// the engine's waiting; the engine decides when the HTTP request itself is aborted.
//
// An item handed back for an unchanged document is what VS Code puts on screen: that is when
// the engine predicts the completion after its accept. (handleDidShowCompletionItem and
// handleDidPartiallyAcceptCompletionItem are proposed API, not in the stable vscode.d.ts, and
// VS Code refuses to register a provider that defines them without the proposal. A partial
// accept needs no event of its own: VS Code asks again, the rest of the item is served from the
// cache, and showing it keeps the same prediction.)
import * as vscode from 'vscode';
import type { CompletionEngine } from '../engine/completionEngine';
import type { TriggerMode } from './config';
import { contextFileOf } from './context/workspaceFiles';
import { documentView, toDocumentEol } from './documentView';
import { enterIndentRules } from './enterIndentRules';

export const ACCEPTED_COMMAND = 'deepseekFim.internal.accepted';

export interface ProviderGate {
  /** Undefined when completions may be requested for this document, else why not (for the status bar). */
  blockReason(document: vscode.TextDocument): string | undefined;
}

export class InlineProvider implements vscode.InlineCompletionItemProvider {
  constructor(
    private readonly engine: CompletionEngine,
    private readonly gate: ProviderGate,
    /** deepseekFim.triggerMode as last read (settings are read when they change, not per keystroke). */
    private readonly triggerMode: () => TriggerMode,
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
    // Manual mode: only when the person asks (Alt+\\), never as they type, and nothing ahead of time.
    const manual = this.triggerMode() === 'manual';
    if (manual && context.triggerKind !== vscode.InlineCompletionTriggerKind.Invoke) return undefined;

    const versionAtStart = document.version;
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const view = documentView(document);
      const input = {
        editorKey: document.uri.toString(),
        document: view,
        position: { line: position.line, character: position.character },
        explicit: context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke,
        file: contextFileOf(document),
      };
      const completion = await this.engine.provide(input, controller.signal);
      if (!completion || token.isCancellationRequested) return undefined;
      // The document changed while we waited (another extension, a formatter): the answer is stale.
      if (document.version !== versionAtStart) return undefined;
      const lineLength = document.lineAt(position.line).text.length;
      const end = position.translate(0, Math.min(completion.replaceLength, lineLength - position.character));
      const item = new vscode.InlineCompletionItem(toDocumentEol(completion.insertText, view.eol), new vscode.Range(position, end), {
        title: vscode.l10n.t('Accepted'),
        command: ACCEPTED_COMMAND,
        arguments: [document.uri.toString()],
      });
      // After VS Code has the item: the prediction's work never delays the ghost text itself.
      if (!manual) {
        setTimeout(() => {
          if (document.version === versionAtStart && !document.isClosed) this.engine.predictAfterShow(input, completion, enterIndentRules(document));
        }, 0);
      }
      return [item];
    } finally {
      subscription.dispose();
    }
  }
}
