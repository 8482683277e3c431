// Prediction on show: the moment a completion is shown, the completion that would follow it is
// requested for the document as it will be once the person accepts it (and, when the accepted
// text ends the line, once they press Enter and the editor indents the new line). The answer
// lands in the cache, so the provider call after the accept is served with no wait.
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

export interface PredictionPlan {
  /** The prompt to request: the document after the accept (and after Enter when it ends the line). */
  readonly window: PromptWindow;
  /** Set when the request is for the line an Enter opens: the prompt right after the accept, before Enter. */
  readonly beforeEnter?: { readonly window: PromptWindow; readonly lineBreak: string };
}

/** The prompt windows of the document after accepting `insertText` at `position`. */
export function planPrediction(
  document: DocumentView,
  position: CursorPosition,
  shown: { readonly insertText: string; readonly replaceLength: number },
  rules: EnterIndentRules,
  buildWindow: (place: PredictedPlace) => PromptWindow,
): PredictionPlan {
  const accepted = documentAfterInsert(document, position, shown.insertText, shown.replaceLength);
  if (!endsLine(accepted)) return { window: buildWindow(accepted) };
  const enter = documentAfterEnter(accepted, rules);
  return { window: buildWindow(enter.place), beforeEnter: { window: buildWindow(accepted), lineBreak: enter.lineBreak } };
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
  /** The call is right after the accept, before the Enter the prediction was made for. */
  | { readonly kind: 'beforeEnter'; readonly prediction: Prediction };

export interface PredictionStats {
  /** Predictive requests sent. */
  requested: number;
  /** Of those, how many had some of their answer shown (the rest were wasted). */
  shown: number;
  /** Dropped while still running because the typing went elsewhere. */
  dropped: number;
}

/** Unshown predictions remembered for the stats; older ones are forgotten (counted as wasted). */
const MAX_TRACKED = 256;

export class Predictor {
  readonly stats: PredictionStats = { requested: 0, shown: 0, dropped: 0 };
  private readonly editors = new Map<string, Prediction>();
  /** Ids of predictive requests whose answer has not been shown yet. */
  private readonly unshown = new Set<number>();

  constructor(private readonly cache: CompletionCache) {}

  /** The editor's prediction, finished or not, if it is still worth keeping. */
  current(editorKey: string): Prediction | undefined {
    return this.editors.get(editorKey);
  }

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
    // Windows built for different cursor lines may start on different lines: the prompt right
    // after the accept is known exactly, so it is compared as a whole.
    const onTheWay =
      prefix === prediction.plan.beforeEnter?.window.prefix ||
      (prefix.length >= prediction.shownPrefix.length && prefix.startsWith(prediction.shownPrefix) && predicted.startsWith(prefix));
    const reached = prefix.startsWith(predicted) && (prediction.request.done || prediction.request.canServe(prefix, suffix, model));
    if (!onTheWay && !reached) this.drop(editorKey);
  }

  /** Whether the provider call's prompt can be answered by the editor's running prediction. */
  match(editorKey: string, window: PromptWindow, model: string): PredictionMatch | undefined {
    const prediction = this.editors.get(editorKey);
    if (!prediction || prediction.request.done) return undefined;
    if (prediction.request.canServe(window.prefix, window.suffix, model)) return { kind: 'same', prediction };
    const before = prediction.plan.beforeEnter?.window;
    if (before && before.prefix === window.prefix && before.suffix === window.suffix && prediction.request.request.model === model) {
      return { kind: 'beforeEnter', prediction };
    }
    return undefined;
  }

  /** Is this the prompt right after an accept whose next line was predicted (an answer there spans lines)? */
  isBeforeEnter(editorKey: string, window: PromptWindow): boolean {
    const before = this.editors.get(editorKey)?.plan.beforeEnter?.window;
    return before !== undefined && before.prefix === window.prefix && before.suffix === window.suffix;
  }

  /**
   * A prediction's request ended: its answer is cached by the engine under the predicted prompt;
   * here it is also cached under the prompt before the Enter (line break and indentation first),
   * so the ghost text right after the accept already shows the next line.
   */
  finished(request: PendingRequest): void {
    for (const prediction of this.editors.values()) {
      if (prediction.request !== request) continue;
      const before = prediction.plan.beforeEnter;
      if (before && request.outcome === 'ok' && request.text.trim() !== '') {
        this.cache.set(request.request.model, before.window.prefix, before.window.suffix, before.lineBreak + request.text, request.id);
      }
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
