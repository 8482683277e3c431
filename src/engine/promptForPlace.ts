// What the engine asks the model for a place in a document, and how it shapes the answer:
// the prompt (this file's window, led by other files' snippets), whether the answer may run
// over several lines, and the raw answer turned into the completion the editor shows.
import { planInsert } from './closingCharacters';
import { isMultilinePosition } from './completionMode';
import type { ContextBlock, RepoContext } from './context/repoContext';
import type { CompletionInput, CompletionSource, EngineCompletion, EngineSettings } from './engineTypes';
import { postprocess, type FilterContext } from './postprocess';
import { buildPromptWindow, withoutSpecialTokens, type PromptWindow } from './promptWindow';

export interface PlacePrompt {
  readonly window: PromptWindow;
  /** The other files' block leading the prefix, if any. */
  readonly repo: ContextBlock | undefined;
  /** NUL bytes: a binary file opened as text, nothing sensible to complete, nothing to send. */
  readonly binary: boolean;
}

/**
 * For a server that keeps the last prompt in a KV cache (CompletionBackend.servesFromKvCache):
 * a window whose start moves four times less often, growing up to one and a half times its budget before it
 * does. A move costs a cold read of the whole window (seconds on a laptop); a longer prompt
 * costs nothing while it is cached.
 */
const KV_CACHE_WINDOW = { lineGrid: 128, growth: 0.5, minLineGrid: 8 } as const;

/** The prompt for a place: the file's window, led by other files' snippets when there are any. */
export function promptFor(input: CompletionInput, settings: EngineSettings, repoContext: RepoContext, kvCached = false): PlacePrompt {
  const fileWindow = buildPromptWindow(input.document, input.position, { maxChars: settings.maxChars, suffixShare: settings.suffixShare, ...(kvCached ? KV_CACHE_WINDOW : {}) });
  const binary = fileWindow.prefix.includes('\u0000') || fileWindow.suffix.includes('\u0000');
  // Other files lead the prefix, so the cache, in-flight reuse and the request all see the
  // prompt as sent; the block is stable while the person types here, so they still match.
  const repo = binary ? undefined : repoContext.blockFor(input.editorKey, input.file, input.document, input.position, settings.otherFilesMaxChars);
  // Special tokens spelled in the text (this file's or another's) are neutralised here, where the prompt is made.
  const window: PromptWindow = withoutSpecialTokens(repo ? { ...fileWindow, prefix: repo.rendered + fileWindow.prefix } : fileWindow);
  return { window, repo, binary };
}

/** Multi-line where the position calls for it, and at a line's end as right after an accept. */
export function multilineAfterAccept(window: PromptWindow, settings: EngineSettings): boolean {
  return (
    isMultilinePosition(window.linePrefix, window.lineSuffix, settings.multiline) ||
    (settings.multiline === 'auto' && window.lineSuffix.trim() === '' && window.linePrefix.trim() !== '')
  );
}

/** What the post-processing filters know about the place the answer goes. */
export function filterContextFor(window: PromptWindow, multiline: boolean, settings: EngineSettings): FilterContext {
  return {
    linePrefix: window.linePrefix,
    lineSuffix: window.lineSuffix,
    suffixBelow: suffixBelowCursorLine(window),
    multiline,
    maxLines: settings.maxLines,
  };
}

/** A raw answer (or what is left of it after the typed characters) as the editor shows it; undefined when nothing is left. */
export function toCompletion(raw: string, context: FilterContext, source: CompletionSource, partial: boolean, origin?: number): EngineCompletion | undefined {
  const text = postprocess(raw, context);
  if (text === '') return undefined;
  const plan = planInsert(text, context.lineSuffix);
  return { insertText: plan.insertText, replaceLength: plan.replaceLength, source, partial, origin };
}

/** The suffix window without the rest of the cursor line. */
function suffixBelowCursorLine(window: PromptWindow): string {
  const newline = window.suffix.indexOf('\n');
  return newline < 0 ? '' : window.suffix.slice(newline + 1);
}
