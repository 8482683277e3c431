// Sends the refactor prompt to the chat model the settings choose and collects the answer
// under a cancellable progress notification. Cancelling aborts the HTTP request itself.
import * as vscode from 'vscode';
import type { ChatMessage, ChatStreamEnd } from '../../backends/chatStream';
import { streamDeepSeekChat } from '../../backends/deepseek/chat';
import { ollamaContextFor, streamOllamaChat } from '../../backends/ollama/chat';
import { BackendError, isAbortError } from '../../engine/errors';
import { LineCounter, LineSplitter } from '../../engine/lineSplitter';
import type { Logger, TokenUsage } from '../../engine/types';
import { refactorModel, type RefactorSettings } from './refactorSettings';

export type RewriteOutcome =
  | { readonly kind: 'answer'; readonly text: string; readonly end: ChatStreamEnd }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly error: BackendError };

export interface RewriteRequest {
  readonly settings: RefactorSettings;
  readonly apiKey: string | undefined;
  readonly messages: readonly ChatMessage[];
  readonly fileLabel: string;
  readonly log: Logger;
  /** Cap on the answer's tokens (sized from the selection: see refactorAnswerTokens). */
  readonly maxTokens: number;
  /** DeepSeek's token usage, for the spend meter. */
  readonly onDeepSeekUsage?: (usage: TokenUsage) => void;
}

export function requestRewrite(request: RewriteRequest): Thenable<RewriteOutcome> {
  const { settings, log } = request;
  const model = refactorModel(settings);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('DeepSeek FIM: refactoring {0} with {1}', request.fileLabel, model), cancellable: true },
    async (progress, token): Promise<RewriteOutcome> => {
      const abort = new AbortController();
      const cancellation = token.onCancellationRequested(() => abort.abort());
      const reasoning = new ReasoningLog(log);
      let text = '';
      let shownLines = -1;
      const lineCount = new LineCounter();
      const onReasoning = (piece: string) => {
        if (reasoning.isEmpty) progress.report({ message: vscode.l10n.t('thinking…') });
        reasoning.add(piece);
      };
      progress.report({ message: vscode.l10n.t('waiting for the model…') });
      try {
        const stream = settings.useDeepSeek
          ? streamDeepSeekChat({
              baseUrl: settings.deepseekChatBaseUrl,
              apiKey: request.apiKey,
              model,
              messages: request.messages,
              thinking: settings.thinking,
              maxTokens: request.maxTokens,
              signal: abort.signal,
              onReasoning,
              log,
            })
          : streamOllamaChat({
              host: settings.ollamaHost,
              model,
              messages: request.messages,
              signal: abort.signal,
              keepAlive: settings.ollamaKeepAlive,
              allowRemoteHttp: settings.ollamaAllowRemoteHttp,
              numCtx: ollamaContextFor(request.messages),
              maxTokens: request.maxTokens,
              onReasoning,
              log,
            });
        let next = await stream.next();
        while (!next.done) {
          text += next.value;
          const lines = lineCount.add(next.value);
          if (lines !== shownLines) {
            shownLines = lines;
            progress.report({ message: lines === 1 ? vscode.l10n.t('receiving… 1 line') : vscode.l10n.t('receiving… {0} lines', lines) });
          }
          next = await stream.next();
        }
        const end = next.value;
        if (settings.useDeepSeek && end.usage) request.onDeepSeekUsage?.(end.usage);
        return { kind: 'answer', text, end };
      } catch (error) {
        if (abort.signal.aborted || isAbortError(error)) return { kind: 'cancelled' };
        if (error instanceof BackendError) return { kind: 'failed', error };
        const message = error instanceof Error ? error.message : String(error);
        return { kind: 'failed', error: new BackendError('server', `Unexpected failure: ${message}`, undefined, error instanceof Error ? error.stack : undefined) };
      } finally {
        reasoning.flush();
        cancellation.dispose();
      }
    },
  );
}

/** The model's reasoning goes to the log line by line as it streams. */
class ReasoningLog {
  private readonly lines = new LineSplitter();
  private any = false;

  constructor(private readonly log: Logger) {}

  get isEmpty(): boolean {
    return !this.any;
  }

  add(piece: string): void {
    if (!this.any) this.log.info('refactor: the model is reasoning:');
    this.any = true;
    for (const line of this.lines.push(piece)) this.write(line);
  }

  flush(): void {
    const rest = this.lines.end();
    if (rest) this.write(rest);
  }

  private write(line: string): void {
    if (line.trim()) this.log.info(`  reasoning: ${line}`);
  }
}
