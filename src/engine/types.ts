// Shapes shared by the completion engine, the backends and the editor layer.
// Nothing here may import `vscode`: the engine runs and is tested in plain Node.

/** Read access to a document, line by line, so that per-keystroke work stays near the cursor. */
export interface DocumentView {
  readonly lineCount: number;
  /** The text of one line without its line ending. Must be cheap (no copy of the document). */
  lineText(line: number): string;
  /** The document's own line ending: completions are given back in it. */
  readonly eol: '\n' | '\r\n';
}

export interface CursorPosition {
  readonly line: number;
  /** UTF-16 code unit offset inside the line, as VS Code counts it. */
  readonly character: number;
}

/** A piece of another file of the workspace, given to the model as repository-level context. */
export interface ContextSnippet {
  /** Workspace-relative path, `/`-separated (e.g. `src/utils.ts`). */
  readonly path: string;
  /** Whole lines of that file, `\n`-separated. */
  readonly text: string;
}

/**
 * Other files' snippets laid out ahead of the current file (DeepSeek Coder's repository format).
 * The rendered block is already the start of `CompletionRequest.prefix`; the structured form is
 * for servers with a field of their own for other files (llama.cpp's `input_extra`).
 */
export interface RequestContext {
  /** In the order they stand in the prompt (a file after the files it imports). */
  readonly snippets: readonly ContextSnippet[];
  /** How many characters at the start of `prefix` are the rendered block (snippets and the current file's path header). */
  readonly prefixOffset: number;
  /** The current file's workspace-relative path, when it has one. */
  readonly filePath?: string;
}

/** One completion request as every backend understands it: text is always `\n`-separated. */
export interface CompletionRequest {
  readonly model: string;
  /**
   * Code before the cursor (the prompt window's first part), preceded by the repository block
   * when `context` is set: `prefix.slice(context.prefixOffset)` is the current file's part.
   */
  readonly prefix: string;
  /** Code after the cursor. */
  readonly suffix: string;
  readonly maxTokens: number;
  readonly temperature: number;
  /** Stop sequences; the DeepSeek API accepts at most 16. */
  readonly stop: readonly string[];
  /** Other files ahead of the current one; absent when the context layer is off or found nothing. */
  readonly context?: RequestContext;
}

export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** DeepSeek's prompt cache: tokens billed at the cache-hit price. */
  readonly promptCacheHitTokens?: number;
  readonly promptCacheMissTokens?: number;
  /** The model the response named (billed as that model; DeepSeek serves a retired name as its successor). */
  readonly model?: string;
  /** When the request was sent (ms since the epoch): DeepSeek bills at the time band in force then. */
  readonly sentAt?: number;
}

/** What a local server says a request cost it (Ollama's done line, llama-server's timings). */
export interface ServerTimings {
  /** Prompt tokens it processed: those already in its KV cache are not counted. */
  readonly promptTokens: number;
  readonly promptMs: number;
  /** Prompt tokens it reused from its cache, when it says (llama-server). */
  readonly cachedTokens?: number;
  readonly generatedTokens: number;
  readonly generationMs: number;
}

/** What a backend stream yields: text as it arrives, then one `done`. */
export type StreamEvent =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'done';
      readonly finishReason: 'stop' | 'length' | 'other';
      readonly usage?: TokenUsage;
      readonly timings?: ServerTimings;
    };

/** A completion backend: one streaming call, cancelled through the signal. */
export interface CompletionBackend {
  /** Short name for logs and the status bar, e.g. "Ollama". */
  readonly label: string;
  /** The model this backend sends requests to. */
  readonly model: string;
  /** Every request costs the user money (the hosted API): no speculative requests at line ends. */
  readonly billedPerToken?: boolean;
  /** Code is sent to another machine (a team server): Restricted Mode pauses it as it does the hosted API. */
  readonly leavesMachine?: boolean;
  /**
   * The server keeps the last prompt in a KV cache and reads only what follows the part it holds
   * (Ollama, llama-server, vLLM and SGLang's prefix caches): the engine keeps prompts stable over
   * longer stretches, since a changed start costs a cold read of the whole prompt.
   */
  readonly servesFromKvCache?: boolean;
  /**
   * The server reports how long it took to read the prompt (Ollama, llama-server): the engine
   * sizes the prompt for that speed, assuming a laptop until the first report.
   */
  readonly reportsTimings?: boolean;
  /**
   * Streams one completion. Aborting `signal` must abort the HTTP request itself.
   * Failures are thrown as BackendError (see errors.ts); an abort throws an AbortError.
   */
  complete(request: CompletionRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
}

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
