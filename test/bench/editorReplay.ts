// One person retyping files in a modelled VS Code, against one completion strategy, on the
// virtual clock. The editor model is what VS Code does with an inline-completion provider:
// - every document change cancels the token of the provider call in progress (its result is
//   then ignored) and asks again after a short debounce of its own (`editorDebounceMs`);
// - an explicit trigger (the engine's "late completion" refresh) asks at once;
// - a provider result replaces the ghost text (nothing = no ghost text);
// - typing characters that match the ghost text keeps the rest of it on screen;
// - Tab accepts the whole item and runs its command (our engine's noteAccepted()).
// The person types the file at the profile's speed, presses Enter at each line end (the editor
// indents the new line as the file has it), pauses before the first character of a non-blank
// line, and takes ghost text by the rule in typingPerson.ts.
import type { CompletionInput, EngineCompletion } from '../../src/engine/completionEngine';
import type { ContextFile } from '../../src/engine/context/repoContext';
import { fimStopSequences } from '../../src/engine/fimTemplate';
import type { EnterIndentRules } from '../../src/engine/predictedDocument';
import type { PredictionStats } from '../../src/engine/prediction';
import type { CompletionBackend, CompletionRequest, DocumentView, StreamEvent } from '../../src/engine/types';
import { OracleModel, type ModelTiming, type OracleCall } from './oracleModel';
import { decideAccept, indentationLength, keystrokeCost, linePauseMs, typingGapMs, type TypingProfile } from './typingPerson';
import { VirtualTime } from './virtualTime';

/** What the replay needs from a completion strategy (our engine or the baseline). */
export interface StrategyUnderTest {
  provide(input: CompletionInput, cancel: AbortSignal): Promise<EngineCompletion | undefined>;
  /** The edit as it happens, before the editor's debounce (our extension listens to document changes). */
  prefetchAfterEdit?(input: CompletionInput, insertedText: string): void;
  noteAccepted(): void;
  /** A provider result went on screen (our extension predicts the completion after its accept). */
  predictAfterShow?(input: CompletionInput, shown: EngineCompletion, rules: EnterIndentRules): void;
  /** Predictions made on show, when the strategy makes them. */
  readonly predictions?: { readonly stats: PredictionStats };
  /** The editor is idle at a place (a file just opened): our extension warms a local server's prompt cache. */
  warmServerCache?(input: CompletionInput): boolean;
  dispose(): void;
}

/** What the keystroke before a ghost text's appearance was. */
export type KeystrokeKind = 'accept' | 'enter' | 'char';

export interface Appearance {
  readonly after: KeystrokeKind;
  /** Keystroke to ghost text on a screen that had none (ms). */
  readonly ms: number;
}

export interface SessionDependencies {
  readonly backend: CompletionBackend;
  readonly now: () => number;
  /** Our engine's "a request finished after its first lines were shown" event. */
  readonly onLateCompletion: (editorKey: string) => void;
}

export interface StrategySpec {
  readonly name: string;
  create(deps: SessionDependencies): StrategyUnderTest;
}

export interface ReplayFile {
  readonly name: string;
  /** The whole file, `\n` line endings. */
  readonly text: string;
  /** The document already holds the lines before this one; the person types from here on. */
  readonly startLine?: number;
  /** The file's workspace path and language, for other files' context (none: the engine sees no path). */
  readonly contextFile?: ContextFile;
  /** The model for this file (default: the plain oracle). */
  readonly oracle?: (now: () => number) => OracleModel;
}

export interface ReplayOptions {
  readonly profile: TypingProfile;
  readonly timing: ModelTiming;
  /** VS Code's own wait after a change before it calls the provider (about 50 ms). */
  readonly editorDebounceMs: number;
  /** Settings of the engine under test, used for the model-latency reference at pauses. */
  readonly maxTokens: number;
  /** Keep every request the model saw (FileResult.calls), for the prompt-cache benchmark. */
  readonly keepCalls?: boolean;
  /**
   * A file is opened and looked at this long before the first keystroke (the editor is idle at
   * the cursor meanwhile). Default 0: typing starts at once.
   */
  readonly lookBeforeTypingMs?: number;
}

export interface FileResult {
  readonly name: string;
  /** Keystrokes needed to type the replayed text by hand (auto-indent free). */
  keystrokesNeeded: number;
  /** Characters of the file the replay produced (typed or accepted). */
  charsProduced: number;
  /** Keystrokes the person actually pressed to type (characters and Enter). */
  typedKeystrokes: number;
  /** Tab and accept-line presses. */
  acceptKeystrokes: number;
  acceptedChars: number;
  fullAccepts: number;
  partialAccepts: number;
  /** Keystrokes needed minus keystrokes pressed. */
  savedKeystrokes: number;
  providerCalls: number;
  requests: number;
  abortedRequests: number;
  /** Document change to ghost text shown by a provider result, per shown result (ms). */
  ghostLatencies: number[];
  /** Every time ghost text came onto a screen that had none since the keystroke before it. */
  appearances: Appearance[];
  ghostSources: Record<string, number>;
  /** One record per pause (Enter into a non-blank line, then the person waits before typing on). */
  pauses: PauseRecord[];
  /** Real microseconds spent synchronously inside each provide() call. */
  overheadMicros: number[];
  simulatedMs: number;
  /** The model's calls, in order (only with ReplayOptions.keepCalls). */
  calls: OracleCall[];
}

export interface PauseRecord {
  /** Enter to the first ghost text shown by a provider result; Infinity when none came before the person typed on. */
  ghostMs: number;
  /** The model's own time (first token + streaming) for the whole answer a request sent at the Enter would get. */
  readonly modelMs: number;
  /** The model's own time to stream just the text that was shown (when one was shown). */
  shownModelMs: number | undefined;
  source: string | undefined;
  /** When Enter was pressed (virtual ms), and how long the person then waited. */
  readonly enterAt: number;
  readonly pauseMs: number;
  /** Enter to the first request sent during the pause, if one was sent before the ghost text (or the next keystroke). */
  requestDelayMs: number | undefined;
}

export interface SessionResult {
  readonly strategy: string;
  readonly files: FileResult[];
  /** heapUsed (after a full GC when --expose-gc) before the strategy was made, and after all files with it still alive. */
  readonly heapBeforeBytes: number;
  readonly heapAfterBytes: number;
  readonly realMs: number;
  /** The strategy's predictions on show over the whole session (none for a strategy without them). */
  readonly predictions: PredictionStats;
}

/** Delegates to the current file's oracle, so one strategy instance serves the whole session. */
class FileBackend implements CompletionBackend {
  readonly label = 'Oracle';
  target: OracleModel | undefined;
  get model(): string {
    return this.target?.model ?? 'oracle-coder';
  }
  get servesFromKvCache(): boolean {
    return this.target?.servesFromKvCache ?? false;
  }
  get reportsTimings(): boolean {
    return this.target?.reportsTimings ?? false;
  }
  complete(request: CompletionRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    if (!this.target) throw new Error('no file is being replayed');
    return this.target.complete(request, signal);
  }
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** Replays every file, in order, with one instance of the strategy (as one editor session). */
export async function replaySession(spec: StrategySpec, files: readonly ReplayFile[], options: ReplayOptions): Promise<SessionResult> {
  const clock = new VirtualTime();
  const backend = new FileBackend();
  let lateHook: (editorKey: string) => void = () => undefined;
  collectGarbage();
  const heapBeforeBytes = process.memoryUsage().heapUsed;
  const realStart = performance.now();
  clock.install();
  try {
    const strategy = spec.create({ backend, now: clock.now, onLateCompletion: (key) => lateHook(key) });
    const results: FileResult[] = [];
    for (const file of files) {
      const oracle = file.oracle ? file.oracle(clock.now) : new OracleModel(file.text, options.timing, clock.now);
      backend.target = oracle;
      const replay = new FileReplay(file, oracle, strategy, clock, options);
      lateHook = (key) => replay.onLateCompletion(key);
      await replay.run();
      results.push(replay.result);
    }
    lateHook = () => undefined;
    clock.uninstall();
    collectGarbage();
    const heapAfterBytes = process.memoryUsage().heapUsed;
    clock.install();
    const predictions = { ...(strategy.predictions?.stats ?? { requested: 0, shown: 0, dropped: 0 }) };
    strategy.dispose();
    await clock.run();
    return { strategy: spec.name, files: results, heapBeforeBytes, heapAfterBytes, realMs: performance.now() - realStart, predictions };
  } finally {
    clock.uninstall();
  }
}

interface Ghost {
  text: string;
  shownAt: number;
}

interface ActiveCall {
  readonly controller: AbortController;
  readonly version: number;
  readonly input: CompletionInput;
}

/** The file's indentation unit, as VS Code's indentation detection would find it: the smallest indent step. */
function indentUnitOf(lines: readonly string[]): string {
  let smallest = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indentation = indentationLength(line);
    if (line[0] === '\t') return '\t';
    if (indentation > 0 && indentation < smallest) smallest = indentation;
  }
  return ' '.repeat(Number.isFinite(smallest) ? smallest : 4);
}

class FileReplay {
  readonly result: FileResult;
  private readonly editorKey: string;
  private readonly contextFile: ContextFile | undefined;
  private readonly lines: string[];
  private readonly lineStarts: number[];
  private readonly text: string;
  private cursor: number;
  private line: number;
  private version = 0;
  private lastChangeAt = 0;
  private lastChangeKind: KeystrokeKind = 'char';
  /** The editor's Enter rules for this file: its indentation unit and language. */
  private readonly enterRules: EnterIndentRules;
  private ghost: Ghost | undefined;
  private active: ActiveCall | undefined;
  private trigger: ReturnType<typeof setTimeout> | undefined;
  private finished = false;
  /** The pause the current document version began, if it began one. */
  private pause: { version: number; record: PauseRecord } | undefined;
  private readonly startedAt: number;

  constructor(
    file: ReplayFile,
    private readonly oracle: OracleModel,
    private readonly strategy: StrategyUnderTest,
    private readonly clock: VirtualTime,
    private readonly options: ReplayOptions,
  ) {
    this.editorKey = `file:///bench/${file.name}`;
    this.contextFile = file.contextFile;
    this.text = file.text;
    this.lines = file.text.split('\n');
    this.lineStarts = [0];
    for (let i = 0; i < this.lines.length - 1; i++) this.lineStarts.push(this.lineStarts[i] + this.lines[i].length + 1);
    this.line = Math.min(file.startLine ?? 0, this.lines.length - 1);
    this.cursor = this.lineStarts[this.line] + indentationLength(this.lines[this.line]);
    this.startedAt = clock.now();
    this.enterRules = { indentUnit: indentUnitOf(this.lines), languageId: file.name.endsWith('.py') ? 'python' : 'typescript' };
    const replayed = this.text.slice(this.cursor);
    this.result = {
      name: file.name,
      keystrokesNeeded: keystrokeCost(replayed),
      charsProduced: replayed.length,
      typedKeystrokes: 0,
      acceptKeystrokes: 0,
      acceptedChars: 0,
      fullAccepts: 0,
      partialAccepts: 0,
      savedKeystrokes: 0,
      providerCalls: 0,
      requests: 0,
      abortedRequests: 0,
      ghostLatencies: [],
      appearances: [],
      ghostSources: {},
      pauses: [],
      overheadMicros: [],
      simulatedMs: 0,
      calls: [],
    };
  }

  async run(): Promise<void> {
    this.oracle.cursorHint = this.cursor;
    const look = this.options.lookBeforeTypingMs ?? 0;
    if (look > 0) this.strategy.warmServerCache?.({ editorKey: this.editorKey, document: this.snapshot(), position: this.position(), explicit: false, file: this.contextFile });
    this.clock.schedule(look + typingGapMs(this.options.profile, this.cursor), () => this.act());
    await this.clock.run(() => this.finished);
    // Let requests and timers still running end on their own, as they would in the editor.
    this.cancelActive();
    if (this.trigger !== undefined) clearTimeout(this.trigger);
    await this.clock.run();
    const result = this.result;
    result.simulatedMs = this.clock.now() - this.startedAt;
    result.requests = this.oracle.calls.length;
    result.abortedRequests = this.oracle.calls.filter((call) => call.aborted).length;
    if (this.options.keepCalls) result.calls = this.oracle.calls;
    result.savedKeystrokes = result.keystrokesNeeded - result.typedKeystrokes - result.acceptKeystrokes;
    this.linkPauseRequests();
  }

  /** For each pause, the first request sent after its Enter and before its ghost text or the next keystroke. */
  private linkPauseRequests(): void {
    const calls = this.oracle.calls;
    let next = 0;
    for (const pause of this.result.pauses) {
      while (next < calls.length && calls[next].startedAt < pause.enterAt) next++;
      if (next >= calls.length) break;
      const end = pause.enterAt + (Number.isFinite(pause.ghostMs) ? pause.ghostMs : pause.pauseMs);
      if (calls[next].startedAt <= end) pause.requestDelayMs = calls[next].startedAt - pause.enterAt;
    }
  }

  onLateCompletion(editorKey: string): void {
    if (editorKey !== this.editorKey || this.finished) return;
    // The controller runs `editor.action.inlineSuggest.trigger`: an explicit request at once.
    if (this.trigger !== undefined) clearTimeout(this.trigger);
    this.trigger = setTimeout(() => this.callProvider(true), 0);
  }

  /** The person's next keystroke: take the ghost text if it is right, else type on. */
  private act(): void {
    if (this.cursor >= this.text.length) {
      this.finished = true;
      return;
    }
    const now = this.clock.now();
    const profile = this.options.profile;
    const ghost = this.ghost;
    if (ghost && now - ghost.shownAt >= profile.reactionMs) {
      const truth = this.text.slice(this.cursor, this.cursor + ghost.text.length + 1);
      const decision = decideAccept(ghost.text, truth);
      if (decision.length > 0) {
        const accepted = ghost.text.slice(0, decision.length);
        this.result.acceptKeystrokes += decision.keystrokes;
        this.result.acceptedChars += accepted.length;
        if (decision.full) this.result.fullAccepts++;
        else this.result.partialAccepts++;
        const rest = ghost.text.slice(decision.length);
        this.moveCursor(this.cursor + decision.length);
        this.ghost = rest === '' ? undefined : { text: rest, shownAt: ghost.shownAt };
        if (decision.full) this.strategy.noteAccepted();
        this.lastChangeKind = 'accept';
        this.documentChanged(false);
        this.scheduleNext();
        return;
      }
    }
    // Type one character, or Enter (the editor adds the next line's indentation).
    const code = this.text.charCodeAt(this.cursor);
    let next: number;
    let pause = false;
    if (code === 10) {
      const nextLine = this.line + 1;
      next = this.lineStarts[nextLine] + indentationLength(this.lines[nextLine]);
      pause = this.lines[nextLine].trim() !== '';
    } else {
      next = this.cursor + (code >= 0xd800 && code <= 0xdbff ? 2 : 1);
    }
    const typed = this.text.slice(this.cursor, next);
    this.result.typedKeystrokes++;
    this.moveCursor(next);
    // VS Code keeps the rest of ghost text the typing matches.
    if (ghost && ghost.text.length > typed.length && ghost.text.startsWith(typed)) {
      this.ghost = { text: ghost.text.slice(typed.length), shownAt: ghost.shownAt };
    } else {
      this.ghost = undefined;
    }
    this.lastChangeKind = code === 10 ? 'enter' : 'char';
    this.documentChanged(pause, typed);
    this.scheduleNext(pause);
  }

  private scheduleNext(pause = false): void {
    const profile = this.options.profile;
    const gap = pause ? linePauseMs(profile, this.line) : typingGapMs(profile, this.cursor);
    this.clock.schedule(gap, () => this.act());
  }

  private moveCursor(offset: number): void {
    this.cursor = offset;
    while (this.line + 1 < this.lineStarts.length && this.lineStarts[this.line + 1] <= offset) this.line++;
    this.oracle.cursorHint = offset;
  }

  /** Time spent in the edit listener since the last provider call, in microseconds. */
  private editMicros = 0;

  private documentChanged(pause: boolean, typed?: string): void {
    this.version++;
    this.lastChangeAt = this.clock.now();
    this.cancelActive();
    this.pause = undefined;
    if (pause) {
      const request: CompletionRequest = { model: this.oracle.model, prefix: '', suffix: '', maxTokens: this.options.maxTokens, temperature: 0, stop: fimStopSequences(false) };
      const answer = this.oracle.answerFor(request, this.cursor);
      const record: PauseRecord = {
        ghostMs: Number.POSITIVE_INFINITY,
        modelMs: this.oracle.latencyFor(answer.length),
        shownModelMs: undefined,
        source: undefined,
        enterAt: this.clock.now(),
        pauseMs: linePauseMs(this.options.profile, this.line),
        requestDelayMs: undefined,
      };
      this.result.pauses.push(record);
      this.pause = { version: this.version, record };
    }
    if (this.trigger !== undefined) clearTimeout(this.trigger);
    this.trigger = setTimeout(() => this.callProvider(false), this.options.editorDebounceMs);
    if (typed !== undefined && this.strategy.prefetchAfterEdit) {
      // The extension's onDidChangeTextDocument listener runs at once, on the keystroke path.
      const input: CompletionInput = { editorKey: this.editorKey, document: this.snapshot(), position: this.position(), explicit: false, file: this.contextFile };
      const started = performance.now();
      this.strategy.prefetchAfterEdit(input, typed);
      // Counted with the keystroke's provider call: one sample per keystroke, as before.
      this.editMicros += (performance.now() - started) * 1000;
    }
  }

  private position(): { line: number; character: number } {
    return { line: this.line, character: this.cursor - this.lineStarts[this.line] };
  }

  private cancelActive(): void {
    this.active?.controller.abort();
    this.active = undefined;
  }

  private callProvider(explicit: boolean): void {
    this.trigger = undefined;
    if (this.finished) return;
    this.cancelActive();
    const input: CompletionInput = {
      editorKey: this.editorKey,
      document: this.snapshot(),
      position: this.position(),
      explicit,
      file: this.contextFile,
    };
    const call: ActiveCall = { controller: new AbortController(), version: this.version, input };
    this.active = call;
    this.result.providerCalls++;
    const started = performance.now();
    const pending = this.strategy.provide(input, call.controller.signal);
    this.result.overheadMicros.push((performance.now() - started) * 1000 + this.editMicros);
    this.editMicros = 0;
    void pending.then((completion) => this.onResult(call, completion));
  }

  private onResult(call: ActiveCall, completion: EngineCompletion | undefined): void {
    // VS Code ignores the result of a cancelled call.
    if (call.controller.signal.aborted || call.version !== this.version) return;
    if (this.active === call) this.active = undefined;
    if (!completion || completion.insertText === '') {
      this.ghost = undefined;
      return;
    }
    const now = this.clock.now();
    // The same text as already on screen (typed through, then confirmed) is not new to the eye.
    const unchanged = this.ghost !== undefined && this.ghost.text === completion.insertText;
    const appeared = this.ghost === undefined;
    this.ghost = { text: completion.insertText, shownAt: unchanged && this.ghost ? this.ghost.shownAt : now };
    const latency = now - this.lastChangeAt;
    this.result.ghostLatencies.push(latency);
    if (appeared) this.result.appearances.push({ after: this.lastChangeKind, ms: latency });
    if (this.strategy.predictAfterShow) {
      // The provider hands the item to VS Code and predicts on the extension host: keystroke-path work.
      const started = performance.now();
      this.strategy.predictAfterShow(call.input, completion, this.enterRules);
      this.editMicros += (performance.now() - started) * 1000;
    }
    this.result.ghostSources[completion.source] = (this.result.ghostSources[completion.source] ?? 0) + 1;
    const pause = this.pause;
    if (pause && pause.version === call.version && pause.record.source === undefined) {
      pause.record.ghostMs = latency;
      pause.record.shownModelMs = this.oracle.latencyFor(completion.insertText.length);
      pause.record.source = completion.source;
    }
  }

  /** The document as it is now, frozen: the text before the cursor, nothing after it. */
  private snapshot(): DocumentView {
    const line = this.line;
    const current = this.text.slice(this.lineStarts[line], this.cursor);
    const lines = this.lines;
    return {
      lineCount: line + 1,
      eol: '\n',
      lineText: (index: number) => (index < line ? lines[index] : index === line ? current : ''),
    };
  }
}
