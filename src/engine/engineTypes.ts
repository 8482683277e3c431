// What the completion engine takes and gives: its settings, the input of a provider call, the
// completion it returns, the events it reports and the counters it keeps. Types only (plus the
// default settings), so the editor layer, tests and benchmarks can share them without the engine.
import type { ContextFile } from './context/repoContext';
import type { MultilineSetting } from './completionMode';
import type { BackendError } from './errors';
import type { CompletionBackend, CursorPosition, DocumentView, Logger, TokenUsage } from './types';

export interface EngineSettings {
  readonly maxChars: number;
  readonly suffixShare: number;
  readonly multiline: MultilineSetting;
  readonly maxLines: number;
  readonly maxTokens: number;
  readonly temperature: number;
  readonly debounceMs: number;
  readonly minDebounceMs: number;
  readonly requestTimeoutMs: number;
  readonly maxGenerationMs: number;
  /** Speculative requests: the next line's at Enter (local backends only) and the prediction on show. Off = none at all. */
  readonly speculative: boolean;
  /** Predict on show also on a backend billed per token (the DeepSeek API); local backends always may. */
  readonly speculativeWhenBilled: boolean;
  /** Characters of other files laid out ahead of the current one (repository-level context); 0 = off. */
  readonly otherFilesMaxChars: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  maxChars: 6000,
  suffixShare: 0.15,
  multiline: 'auto',
  maxLines: 16,
  maxTokens: 256,
  temperature: 0.1,
  debounceMs: 200,
  speculative: true,
  speculativeWhenBilled: false,
  minDebounceMs: 0,
  requestTimeoutMs: 20_000,
  maxGenerationMs: 5000,
  otherFilesMaxChars: 12000,
};

export interface CompletionInput {
  /** Identifies the editor (document) so each has at most one request in flight. */
  readonly editorKey: string;
  readonly document: DocumentView;
  readonly position: CursorPosition;
  /** The user asked explicitly (no debounce). */
  readonly explicit?: boolean;
  /** The document's workspace-relative path and language: heads it in the repository layout. None for untitled documents. */
  readonly file?: ContextFile;
}

export type CompletionSource = 'cache' | 'typed-ahead' | 'in-flight' | 'network';

export interface EngineCompletion {
  /** The completion, `\n`-separated (the editor layer converts to the document's line ending). */
  readonly insertText: string;
  /** Characters after the cursor that the insert replaces (closing brackets and quotes). */
  readonly replaceLength: number;
  readonly source: CompletionSource;
  /** A partial answer (the first lines of a multi-line completion still streaming). */
  readonly partial: boolean;
  /** The id of the request whose answer this is (cache entries remember it). */
  readonly origin?: number;
}

export interface EngineEvents {
  /** A request started or ended: drives the busy indicator. */
  onBusyChange?(busy: boolean): void;
  onRequestEnd?(info: RequestEndInfo): void;
  onUsage?(usage: TokenUsage): void;
  /** A request finished after its first lines were shown: the editor may refresh the ghost text. */
  onLateCompletion?(editorKey: string): void;
}

export interface RequestEndInfo {
  readonly id: number;
  readonly outcome: 'ok' | 'aborted' | 'error';
  readonly latencyMs: number;
  readonly firstTokenMs: number | undefined;
  readonly error?: BackendError;
  readonly chars: number;
}

export interface EngineStats {
  keystrokes: number;
  requests: number;
  abortedRequests: number;
  cacheHits: number;
  typedAheadHits: number;
  inFlightReuses: number;
  errors: number;
}

export interface EngineDependencies {
  readonly backend: () => CompletionBackend | undefined;
  readonly settings: () => EngineSettings;
  readonly log: Logger;
  readonly events?: EngineEvents;
  readonly now?: () => number;
  readonly cacheLimits?: { maxEntries: number; maxBytes: number };
}
