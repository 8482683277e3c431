// Prediction on show: the moment a completion is shown, the completion that would follow it is
// requested for the document as it will be once the person accepts it. The answer lands in the
// cache, so the provider call after the accept is served with no wait.
//
// When the accepted text ends the line, what follows is the next line: the request is the
// multi-line one at the line's end (its answer starts with the line break and the indentation
// the model wants, so it also serves the Enter through the typed-ahead cache), and the document
// after Enter, indented as the editor indents it, is built too: the answer is cached for that
// exact prompt as well, so the ghost text after Enter comes at once even when the new line's
// prompt is not the old one plus what Enter typed (its window starts on another line, or the
// other files' snippets were chosen afresh for it).
//
// Rules kept here: at most one prediction in flight per editor (a newer one replaces it); a
// prediction is kept only while what the person types is still on the way to the predicted
// document, and aborted as soon as it is not; it is a request of its own, never the editor's
// current one, so it neither delays nor aborts a request for what the person is doing.
import type { CompletionCache } from './completionCache';
import type { PendingRequest } from './pendingRequest';
import { documentAfterEnter, documentAfterInsert, endsLine, type EnterIndentRules, type PredictedPlace } from './predictedDocument';
import type { PromptWindow } from './promptWindow';
import type { CursorPosition, DocumentView } from './types';

/** A prompt as the engine builds it for a place: at least its window. */
export interface PlannedPrompt {
  readonly window: PromptWindow;
}

export interface PredictionPlan<P extends PlannedPrompt = PlannedPrompt> {
  /** The prompt to request: the document after the accept. */
  readonly target: P;
  /** When the accepted text ends the line: the prompt after Enter, and what the editor's Enter inserts. */
  readonly afterEnter?: { readonly prompt: P; readonly lineBreak: string };
}

/** The prompts of the document after accepting `insertText` at `position`, built by `build`. */
export function planPrediction<P extends PlannedPrompt>(
  document: DocumentView,
  position: CursorPosition,
  shown: { readonly insertText: string; readonly replaceLength: number },
  rules: EnterIndentRules,
  build: (place: PredictedPlace) => P,
): PredictionPlan<P> {
  const accepted = documentAfterInsert(document, position, shown.insertText, shown.replaceLength);
  // The prompt right after the accept first: the person reaches it first (anchored context follows them).
  const target = build(accepted);
  if (!endsLine(accepted)) return { target };
  const enter = documentAfterEnter(accepted, rules);
  return { target, afterEnter: { prompt: build(enter.place), lineBreak: enter.lineBreak } };
}

export interface Prediction {
  readonly request: PendingRequest;
  readonly plan: PredictionPlan;
  /** The prefix the shown completion was served for: typing that extends it may be on the way. */
  readonly shownPrefix: string;
}

/** How a provider call can use the editor's prediction. */
export type PredictionMatch =
  /** The call's prompt is the predicted one, or one its answer can still serve (typed ahead). */
  | { readonly kind: 'same'; readonly prediction: Prediction }
  /** The call is the predicted one after the Enter, which the request's own prompt does not extend: served from the cache once it ends. */
  | { readonly kind: 'afterEnter'; readonly prediction: Prediction };

export interface PredictionStats {
  /** Predictive requests sent. */
  requested: number;
  /** Of those, how many had some of their answer shown (the rest were wasted). */
  shown: number;
  /** Dropped while still running because the typing went elsewhere. */
  dropped: number;
}

/**
 * What the answer at a line's end leaves to show once the editor's Enter (`lineBreak`: a line
 * break and indentation) is in: its next line, from the editor's indentation on. Undefined when
 * it does not start with a non-blank next line indented at least as deep.
 */
export function answerAfterEnter(answer: string, lineBreak: string): string | undefined {
  const next = /^\r?\n([ \t]*)(?=\S)/.exec(answer);
  if (!next) return undefined;
  const editorIndent = lineBreak.replace(/^\r?\n/, '');
  if (!next[1].startsWith(editorIndent)) return undefined;
  const rest = answer.slice(next[0].length - next[1].length + editorIndent.length);
  return rest === '' ? undefined : rest;
}

/** Unshown predictions remembered for the stats; older ones are forgotten (counted as wasted). */
const MAX_TRACKED = 256;

export class Predictor {
  readonly stats: PredictionStats = { requested: 0, shown: 0, dropped: 0 };
  private readonly editors = new Map<string, Prediction>();
  /** Ids of predictive requests whose answer has not been shown yet. */
  private readonly unshown = new Set<number>();

  constructor(private readonly cache: CompletionCache) {}

  /** Is this exact prompt already predicted (in flight or answered)? */
  alreadyPredicted(editorKey: string, window: PromptWindow): boolean {
    const prediction = this.editors.get(editorKey);
    if (!prediction || prediction.request.outcome === 'error' || prediction.request.outcome === 'aborted') return false;
    return prediction.request.prefix === window.prefix && prediction.request.request.suffix === window.suffix;
  }

  /** Records a new prediction for the editor; one still running for another document is aborted first. */
  track(editorKey: string, prediction: Prediction): void {
    this.drop(editorKey);
    this.editors.set(editorKey, prediction);
    this.stats.requested++;
    this.unshown.add(prediction.request.id);
    if (this.unshown.size > MAX_TRACKED) this.unshown.delete(this.unshown.values().next().value as number);
  }

  /**
   * A provider call for `prefix`: the prediction survives while the typing is on the way to the
   * predicted document (or has reached it and the answer can still serve); otherwise it is dropped.
   */
  keepIfOnTheWay(editorKey: string, prefix: string, suffix: string, model: string): void {
    const prediction = this.editors.get(editorKey);
    if (!prediction) return;
    const predicted = prediction.request.prefix;
    const onTheWay = prefix.length >= prediction.shownPrefix.length && prefix.startsWith(prediction.shownPrefix) && predicted.startsWith(prefix);
    // Windows built for different cursor lines may start on different lines: the prompts after
    // the accept and after Enter are known exactly, so they are compared as wholes.
    const afterEnter = prediction.plan.afterEnter?.prompt.window.prefix;
    const reached =
      prefix === predicted ||
      (afterEnter !== undefined && prefix.startsWith(afterEnter)) ||
      (prefix.startsWith(predicted) && (prediction.request.done || prediction.request.canServe(prefix, suffix, model)));
    if (!onTheWay && !reached) this.drop(editorKey);
  }

  /** Whether the provider call's prompt can be answered by the editor's running prediction. */
  match(editorKey: string, window: PromptWindow, model: string): PredictionMatch | undefined {
    const prediction = this.editors.get(editorKey);
    if (!prediction || prediction.request.done) return undefined;
    if (prediction.request.canServe(window.prefix, window.suffix, model)) return { kind: 'same', prediction };
    const after = prediction.plan.afterEnter?.prompt.window;
    if (after && after.prefix === window.prefix && after.suffix === window.suffix && prediction.request.request.model === model) {
      return { kind: 'afterEnter', prediction };
    }
    return undefined;
  }

  /** Is this the prompt right after an accept that ends the line (the predicted answer there starts on the next line)? */
  isAcceptedLineEnd(editorKey: string, window: PromptWindow): boolean {
    const prediction = this.editors.get(editorKey);
    if (!prediction?.plan.afterEnter) return false;
    const target = prediction.plan.target.window;
    return target.prefix === window.prefix && target.suffix === window.suffix;
  }

  /**
   * A prediction's request ended: the engine caches its answer under the predicted prompt; here
   * it is also cached under the prompt after the editor's Enter, minus the line break and the
   * indentation the editor already gives (nothing when the next line is blank or less indented).
   */
  finished(request: PendingRequest): void {
    for (const prediction of this.editors.values()) {
      const after = prediction.plan.afterEnter;
      if (prediction.request !== request || !after || request.outcome !== 'ok') continue;
      const rest = answerAfterEnter(request.text, after.lineBreak);
      if (rest !== undefined) this.cache.set(request.request.model, after.prompt.window.prefix, after.prompt.window.suffix, rest, request.id);
    }
  }

  /** A completion was shown: if it came from a prediction, that prediction was worth it. */
  noteShown(origin: number | undefined): void {
    if (origin !== undefined && this.unshown.delete(origin)) this.stats.shown++;
  }

  /** Abort the editor's running prediction and forget it. */
  drop(editorKey: string): void {
    const prediction = this.editors.get(editorKey);
    if (!prediction) return;
    if (!prediction.request.done) {
      prediction.request.abort();
      this.stats.dropped++;
    }
    this.editors.delete(editorKey);
  }

  dropAll(): void {
    for (const key of [...this.editors.keys()]) this.drop(key);
  }
}
