// Wires the engine to VS Code: settings, the key, the status bar, notifications, and the
// rules for when completions may be requested at all (off, snoozed, language, trust).
import * as vscode from 'vscode';
import { CompletionEngine, isEnterEdit, type RequestEndInfo } from '../engine/completionEngine';
import { BackendError } from '../engine/errors';
import type { CompletionBackend, Logger, TokenUsage } from '../engine/types';
import { ApiKeyStore } from './apiKey';
import { ContextGatherer } from './context/contextGatherer';
import { CAN_RESUME, ContextKeys, HAS_STORED_API_KEY, HAS_STORED_SERVER_TOKEN } from './contextKeys';
import { contextFileOf } from './context/workspaceFiles';
import { backendLabel, buildBackend, configuredModel, sendsCodeAway } from './backendFactory';
import { SECTION, allowHostedInUntrusted, readBackendSettings, readEngineSettings, readTriggerMode, type BackendSettings } from './config';
import type { EngineSettings } from '../engine/completionEngine';
import { documentView } from './documentView';
import { whyIneligible, isLanguageEnabled, isExcludedUri } from './eligibility';
import type { ProviderGate } from './inlineProvider';
import { Notifier } from './notifier';
import { StatusBar, type StatusDetails, type StatusState } from './statusBar';

const SNOOZE_KEY = 'deepseekFim.snoozeUntil';
const SLOW_MEDIAN_MS = 2000;

export interface ControllerHooks {
  /** Extra tooltip facts (today's DeepSeek spend) from the spend meter, when it exists. */
  spendSummary?: () => { spend: string; cacheHitShare?: number } | undefined;
  /** Token usage reported by the hosted API, for the spend meter. */
  onUsage?: (usage: TokenUsage) => void;
  /** The hosted backend as the engine uses it, watched for requests billed but never reported. */
  meterBackend?: (backend: CompletionBackend) => CompletionBackend;
}

export class Controller implements ProviderGate, vscode.Disposable {
  readonly engine: CompletionEngine;
  readonly notifier = new Notifier();
  readonly statusBar: StatusBar;
  private readonly contextKeys = new ContextKeys();
  /** Gathers other files' material for repository-level context, on idle. */
  readonly gatherer: ContextGatherer;
  private backend: CompletionBackend | undefined;
  private backendError: BackendError | undefined;
  private settings: BackendSettings;
  private busy = false;
  private lastLatencyMs: number | undefined;
  private recentTimeouts = 0;
  private recentRequests = 0;
  private readonly disposables: vscode.Disposable[] = [];
  hooks: ControllerHooks = {};

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly keys: ApiKeyStore,
    readonly log: Logger,
    readonly channel: vscode.LogOutputChannel,
  ) {
    this.settings = readBackendSettings();
    this.statusBar = new StatusBar('deepseekFim.statusBarClicked');
    this.engine = new CompletionEngine({
      backend: () => (this.backend && this.settings.backend === 'deepseek' ? (this.hooks.meterBackend?.(this.backend) ?? this.backend) : this.backend),
      settings: () => this.engineSettings(),
      log,
      events: {
        onBusyChange: (busy) => {
          this.busy = busy;
          this.refreshStatus();
        },
        onRequestEnd: (info) => this.onRequestEnd(info),
        onUsage: (usage) => {
          if (this.settings.backend === 'deepseek') this.hooks.onUsage?.(usage);
        },
        onLateCompletion: (editorKey) => {
          const editor = vscode.window.activeTextEditor;
          if (editor && editor.document.uri.toString() === editorKey) {
            // VS Code keeps a shown suggestion on a plain re-trigger: hide it first, so the
            // full answer (now in the cache) replaces the first lines.
            void Promise.resolve(vscode.commands.executeCommand('editor.action.inlineSuggest.hide')).then(() =>
              vscode.commands.executeCommand('editor.action.inlineSuggest.trigger'),
            );
          }
        },
      },
    });
    this.rebuildBackend();
    this.gatherer = new ContextGatherer({
      context: this.engine.repoContext,
      enabledFor: (document) => this.engineSettings().otherFilesMaxChars > 0 && whyIneligible(document) === undefined,
      isExcluded: (uri) => isExcludedUri(uri),
      log,
    });
    this.disposables.push(
      this.gatherer,
      this.statusBar,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SECTION)) return;
        this.rebuildBackend();
      }),
      keys.onDidChange(() => this.rebuildBackend()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refreshStatus()),
      vscode.workspace.onDidCloseTextDocument((document) => this.engine.closeEditor(document.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((event) => this.onEdit(event)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshStatus()),
    );
  }

  /** The engine's settings; no other files' content for the hosted API (or a server on another machine) in an untrusted workspace. */
  engineSettings(): EngineSettings {
    const settings = readEngineSettings();
    if (sendsCodeAway(this.settings.backend, this.backend) && !vscode.workspace.isTrusted) return { ...settings, otherFilesMaxChars: 0 };
    return settings;
  }

  get backendSettings(): BackendSettings {
    return this.settings;
  }

  get currentBackend(): CompletionBackend | undefined {
    return this.backend;
  }

  /** Settings or key changed: build the backend again and retry at once. */
  rebuildBackend(): void {
    this.settings = readBackendSettings();
    const build = buildBackend(this.settings, this.keys.current, this.log, this.keys.serverToken.current);
    const replaced = this.backend;
    this.backend = build.backend;
    this.backendError = build.error;
    // The last request's error described the old settings or key: a new key must not keep
    // saying "no API key" (or "key rejected") until the next request succeeds.
    this.lastError = undefined;
    if (build.error) {
      this.log.error(build.error.message);
      this.notifier.once(`config:${build.error.message}`, 'error', `DeepSeek FIM: ${build.error.message}`, [
        { title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', SECTION) },
      ]);
    }
    this.engine.reset();
    if (replaced?.label !== this.backend?.label || replaced?.model !== this.backend?.model) {
      // Another backend or model: the old one's latencies would keep saying "slow" (or hide
      // that the new one is) until fifty new requests had pushed them out.
      this.engine.latencies.clear();
      this.engine.firstTokens.clear();
      this.lastLatencyMs = undefined;
      this.recentRequests = 0;
      this.recentTimeouts = 0;
    }
    this.log.info(`backend: ${backendLabel(this.settings.backend)}${this.backend ? ` (${this.backend.model})` : ''}`);
    this.refreshStatus();
  }

  /**
   * Every keystroke passes here, so the common case is one length check and one regex test:
   * only an Enter in the active editor goes on, to start the next line's request before
   * VS Code's own debounce asks for it (the engine decides whether it may).
   */
  private onEdit(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length !== 1) return;
    const change = event.contentChanges[0];
    if (!isEnterEdit(change.text) || readTriggerMode() === 'manual') return;
    // The active editor only; blockReason also refuses multi-cursor edits there.
    if (vscode.window.activeTextEditor?.document !== event.document) return;
    if (this.blockReason(event.document) !== undefined) return;
    const document = event.document;
    const position = { line: change.range.start.line + 1, character: change.text.length - change.text.indexOf('\n') - 1 };
    this.engine.prefetchAfterEdit({ editorKey: document.uri.toString(), document: documentView(document), position, explicit: false, file: contextFileOf(document) }, change.text);
  }

  // ---- snooze and pause -------------------------------------------------------------------

  snoozedUntil(): number {
    const until = this.context.globalState.get<number>(SNOOZE_KEY, 0);
    return until > Date.now() ? until : 0;
  }

  async snooze(minutes: number): Promise<void> {
    await this.context.globalState.update(SNOOZE_KEY, Date.now() + minutes * 60_000);
    this.log.info(`snoozed for ${minutes} minutes`);
    this.refreshStatus();
    setTimeout(() => this.refreshStatus(), minutes * 60_000 + 100);
  }

  async resume(): Promise<void> {
    await this.context.globalState.update(SNOOZE_KEY, 0);
    this.engine.reset();
    this.log.info('resumed');
    this.refreshStatus();
  }

  // ---- the provider's gate ----------------------------------------------------------------

  blockReason(document: vscode.TextDocument): string | undefined {
    // Settings can arrive after activation without a change event (seen once in code-server):
    // a cheap comparison per request keeps the backend in line with them.
    if (!sameSettings(readBackendSettings(), this.settings)) this.rebuildBackend();
    if (!this.backend) return 'no backend';
    if (this.settings.backend === 'deepseek' && !this.keys.current) return 'no API key';
    if (this.snoozedUntil()) return 'snoozed';
    if (this.isRestricted()) return 'restricted';
    if (this.engine.gate.blockingError) {
      this.refreshStatus();
      return 'blocked';
    }
    const why = whyIneligible(document);
    if (why) return why;
    if (this.engine.gate.isBlocked(performance.now())) this.refreshStatus();
    return undefined;
  }

  private isRestricted(): boolean {
    return sendsCodeAway(this.settings.backend, this.backend) && !vscode.workspace.isTrusted && !allowHostedInUntrusted();
  }

  // ---- status ------------------------------------------------------------------------------

  refreshStatus(): void {
    const state = this.computeState();
    this.statusBar.set(state, this.details());
    this.contextKeys.set(CAN_RESUME, state.kind === 'snoozed' || (state.kind === 'error' && state.cause === 'noBalance'));
    this.contextKeys.set(HAS_STORED_API_KEY, this.keys.source === 'stored');
    this.contextKeys.set(HAS_STORED_SERVER_TOKEN, this.keys.serverToken.current !== undefined);
  }

  private computeState(): StatusState {
    if (this.settings.backend === 'off') return { kind: 'off' };
    const snoozed = this.snoozedUntil();
    if (snoozed) return { kind: 'snoozed', until: snoozed };
    if (this.backendError) return { kind: 'error', cause: this.backendError.kind, message: this.backendError.message };
    if (this.settings.backend === 'deepseek' && !this.keys.current) {
      return { kind: 'error', cause: 'noKey', message: 'No DeepSeek API key: click to set one.' };
    }
    if (this.isRestricted()) return { kind: 'restricted' };
    const hard = this.engine.gate.blockingError;
    if (hard) return { kind: 'error', cause: hard.kind, message: hard.message };
    const now = performance.now();
    const lastError = this.lastError;
    if (lastError && this.engine.gate.isBlocked(now)) {
      return { kind: 'backingOff', until: Date.now() + this.engine.gate.backoffLeftMs(now), cause: lastError.kind };
    }
    if (lastError) return { kind: 'error', cause: lastError.kind, message: lastError.message };
    const editor = vscode.window.activeTextEditor;
    if (editor && !isLanguageEnabled(editor.document.languageId)) return { kind: 'languageDisabled', languageId: editor.document.languageId };
    if (this.busy) return { kind: 'busy' };
    return { kind: 'ready' };
  }

  private lastError: BackendError | undefined;

  private details(): StatusDetails {
    const model = this.backend?.model ?? configuredModel(this.settings);
    const stats = this.engine.stats;
    const served = stats.cacheHits + stats.typedAheadHits + stats.inFlightReuses;
    const total = served + stats.requests;
    const spend = this.settings.backend === 'deepseek' ? this.hooks.spendSummary?.() : undefined;
    return {
      backendLabel: this.backend?.label ?? backendLabel(this.settings.backend),
      model,
      lastLatencyMs: this.lastLatencyMs,
      medianLatencyMs: this.engine.latencies.median(),
      cacheHitRate: total > 0 ? served / total : undefined,
      spendToday: spend?.spend,
      cacheHitShareToday: spend?.cacheHitShare,
      healthHint: this.healthHint(),
    };
  }

  /** Tells the likely cause when completions are slow or time out, instead of silence. */
  healthHint(): string | undefined {
    const median = this.engine.latencies.median();
    if (this.recentRequests >= 4 && this.recentTimeouts / this.recentRequests > 0.5) {
      return 'Most requests time out: the server may be overloaded, or the model is too large for this machine. Try a smaller model or raise deepseekFim.requestTimeoutMs.';
    }
    if (median !== undefined && this.engine.latencies.count >= 4 && median > SLOW_MEDIAN_MS) {
      return this.settings.backend === 'ollama'
        ? `Completions are slow (median ${(median / 1000).toFixed(1)} s): a large model running on the CPU, or a remote Ollama over a slow network? Try deepseek-coder:1.3b-base.`
        : `Completions are slow (median ${(median / 1000).toFixed(1)} s): the network or the API is slow right now.`;
    }
    return undefined;
  }

  private onRequestEnd(info: RequestEndInfo): void {
    if (info.outcome === 'aborted') return;
    this.recentRequests = Math.min(20, this.recentRequests + 1);
    if (info.outcome === 'ok') {
      this.lastLatencyMs = info.latencyMs;
      this.recentTimeouts = Math.max(0, this.recentTimeouts - 1);
      if (this.lastError) this.log.info('completions are back');
      this.lastError = undefined;
      this.refreshStatus();
      return;
    }
    const error = info.error;
    if (!error) return;
    if (error.kind === 'timeout') this.recentTimeouts = Math.min(20, this.recentTimeouts + 1);
    this.lastError = error;
    this.notifyOnce(error);
    this.refreshStatus();
  }

  /** One notification per distinct problem per session, each with a way out. */
  private notifyOnce(error: BackendError): void {
    const showLog = { title: 'Show Log', run: () => this.channel.show() };
    switch (error.kind) {
      case 'modelMissing':
        this.notifier.once(`model:${this.backend?.model}`, 'warning', `DeepSeek FIM: ${error.message}`, [
          { title: this.settings.backend === 'ollama' ? 'Pull Model' : 'Pick Model', run: () => vscode.commands.executeCommand(this.settings.backend === 'ollama' ? 'deepseekFim.pullModel' : 'deepseekFim.switchBackend') },
          showLog,
        ]);
        break;
      case 'unauthorized':
        this.notifier.once('unauthorized', 'error', `DeepSeek FIM: ${error.message}`, [
          this.settings.backend === 'deepseek' ? { title: 'Set API Key', run: () => vscode.commands.executeCommand('deepseekFim.setApiKey') } : { title: 'Set Server Token', run: () => vscode.commands.executeCommand('deepseekFim.setServerToken') },
        ]);
        break;
      case 'noBalance':
        this.notifier.once('noBalance', 'error', `DeepSeek FIM: ${error.message}`, [{ title: 'Resume', run: () => vscode.commands.executeCommand('deepseekFim.resume') }]);
        break;
      case 'badRequest':
      case 'config':
        this.notifier.once(`${error.kind}:${error.message}`, 'error', `DeepSeek FIM: ${error.message}`, [showLog]);
        break;
      default:
        // Transient (unreachable, timeouts, 429/5xx, garbage): the status bar and the log say
        // it, requests back off and resume on their own. No popup.
        break;
    }
  }

  dispose(): void {
    this.engine.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function sameSettings(a: BackendSettings, b: BackendSettings): boolean {
  return (Object.keys(a) as (keyof BackendSettings)[]).every((key) => a[key] === b[key]);
}
