// Wires the engine to VS Code: settings, the key, the backend's lifecycle, and the gate the
// provider asks before each request. What the status bar says is decided in
// model/statusModel.ts, which documents may be sent in sendPolicy.ts, which failures
// deserve a notification in model/failureNotices.ts.
import * as vscode from 'vscode';
import { CompletionEngine, isEnterEdit, type EngineSettings, type RequestEndInfo } from '../engine/completionEngine';
import { BackendError } from '../engine/errors';
import type { CompletionBackend, Logger } from '../engine/types';
import { ApiKeyStore } from './apiKey';
import { backendLabel, buildBackend, sendsCodeAway } from './backendFactory';
import { SECTION, type BackendSettings } from './config';
import type { ControllerHooks } from './controllerHooks';
import { ContextGatherer } from './context/contextGatherer';
import { contextFileOf } from './context/workspaceFiles';
import { CacheWarmUp } from './cacheWarmUp';
import { documentView } from './documentView';
import type { ProviderGate } from './inlineProvider';
import { LiveSettings } from './liveSettings';
import { LatencyHealth } from './model/latencyHealth';
import { failureText, t } from './localize';
import { noticeForBadSettings, noticeForFailure } from './model/failureNotices';
import { Notifier } from './notifier';
import { isExcludedUri, SendPolicy } from './sendPolicy';
import { Snooze } from './snooze';
import { StatusBar } from './statusBar';
import { StatusReporter } from './statusReporter';

export class Controller implements ProviderGate, vscode.Disposable {
  readonly engine: CompletionEngine;
  readonly notifier = new Notifier();
  readonly statusBar: StatusBar;
  /** The deepseekFim settings, read when they change. */
  readonly liveSettings = new LiveSettings();
  readonly sendPolicy = new SendPolicy(() => this.liveSettings.current);
  /** Gathers other files' material for repository-level context, on idle. */
  readonly gatherer: ContextGatherer;
  private readonly snoozing: Snooze;
  private readonly health = new LatencyHealth();
  private readonly status: StatusReporter;
  private backend: CompletionBackend | undefined;
  private backendError: BackendError | undefined;
  /** The last request's failure, until a request succeeds or the settings or key change. */
  private lastError: BackendError | undefined;
  private busy = false;
  private readonly disposables: vscode.Disposable[] = [];
  hooks: ControllerHooks = {};

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly keys: ApiKeyStore,
    readonly log: Logger,
    readonly channel: vscode.LogOutputChannel,
  ) {
    this.statusBar = new StatusBar('deepseekFim.statusBarClicked');
    this.snoozing = new Snooze(this.context.globalState, () => this.refreshStatus());
    this.engine = new CompletionEngine({
      backend: () => this.backend && (this.hooks.meterBackend?.(this.backend) ?? this.backend),
      settings: () => this.engineSettings(),
      log,
      events: {
        onBusyChange: (busy) => {
          this.busy = busy;
          this.refreshStatus();
        },
        onRequestEnd: (info) => this.onRequestEnd(info),
        onUsage: (usage) => {
          if (this.backendSettings.backend === 'deepseek') this.hooks.onUsage?.(usage);
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
    this.status = new StatusReporter(this.statusBar, this.engine, this.health);
    this.rebuildBackend();
    this.gatherer = new ContextGatherer({
      context: this.engine.repoContext,
      enabledFor: (document) => this.engineSettings().otherFilesMaxChars > 0 && this.sendPolicy.whyIneligible(document) === undefined,
      isExcluded: (uri) => isExcludedUri(uri),
      log,
    });
    this.disposables.push(
      this.gatherer,
      new CacheWarmUp(this.engine, (document) => this.liveSettings.current.triggerMode !== 'manual' && this.blockReason(document) === undefined),
      this.statusBar,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SECTION)) return;
        this.liveSettings.reload();
        this.rebuildBackend();
      }),
      keys.onDidChange(() => this.rebuildBackend()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refreshStatus()),
      vscode.workspace.onDidCloseTextDocument((document) => this.engine.closeEditor(document.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((event) => this.onEdit(event)),
      // Trust changes what the settings read (a workspace's value of a restricted setting counts only then).
      vscode.workspace.onDidGrantWorkspaceTrust(() => (this.liveSettings.reload() ? this.rebuildBackend() : this.refreshStatus())),
    );
  }

  /** The engine's settings; no other files' content for the hosted API (or a server on another machine) in an untrusted workspace. */
  engineSettings(): EngineSettings {
    const settings = this.liveSettings.current.engine;
    if (!this.sendPolicy.sharesOtherFiles(this.sendsCodeAway())) return { ...settings, otherFilesMaxChars: 0 };
    return settings;
  }

  get backendSettings(): BackendSettings {
    return this.liveSettings.current.backend;
  }

  get currentBackend(): CompletionBackend | undefined {
    return this.backend;
  }

  /** Settings or key changed: build the backend again and retry at once. */
  rebuildBackend(): void {
    const settings = this.backendSettings;
    const build = buildBackend(settings, this.keys.current, this.log, this.keys.serverToken.current);
    const replaced = this.backend;
    this.backend = build.backend;
    this.backendError = build.error;
    // The last request's error described the old settings or key: a new key must not keep
    // saying "no API key" (or "key rejected") until the next request succeeds.
    this.lastError = undefined;
    if (build.error) {
      this.log.error(build.error.message);
      this.notifier.onceNotice(noticeForBadSettings(failureText(build.error.kind, build.error.message), SECTION, t));
    }
    this.engine.reset();
    if (replaced?.label !== this.backend?.label || replaced?.model !== this.backend?.model) {
      // Another backend or model: the old one's latencies would keep saying "slow" (or hide
      // that the new one is) until fifty new requests had pushed them out.
      this.engine.forgetLatencyHistory();
      this.health.forget();
    }
    this.log.info(`backend: ${backendLabel(settings.backend)}${this.backend ? ` (${this.backend.model})` : ''}`);
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
    if (!isEnterEdit(change.text) || this.liveSettings.current.triggerMode === 'manual') return;
    // The active editor only; blockReason also refuses multi-cursor edits there.
    if (vscode.window.activeTextEditor?.document !== event.document) return;
    if (this.blockReason(event.document) !== undefined) return;
    const document = event.document;
    const position = { line: change.range.start.line + 1, character: change.text.length - change.text.indexOf('\n') - 1 };
    this.engine.prefetchAfterEdit({ editorKey: document.uri.toString(), document: documentView(document), position, explicit: false, file: contextFileOf(document) }, change.text);
  }

  // ---- snooze and pause -------------------------------------------------------------------

  snoozedUntil(): number {
    return this.snoozing.until();
  }

  async snooze(minutes: number): Promise<void> {
    this.log.info(`snoozed for ${minutes} minutes`);
    await this.snoozing.start(minutes);
  }

  async resume(): Promise<void> {
    await this.snoozing.end();
    this.engine.reset();
    this.log.info('resumed');
    this.refreshStatus();
  }

  // ---- the provider's gate ----------------------------------------------------------------

  /** Undefined when completions may be requested for the document, else why not. Only reads. */
  blockReason(document: vscode.TextDocument): string | undefined {
    if (!this.backend) return 'no backend';
    if (this.backendSettings.backend === 'deepseek' && !this.keys.current) return 'no API key';
    if (this.snoozedUntil()) return 'snoozed';
    if (this.isRestricted()) return 'restricted';
    if (this.engine.blockingError()) return 'blocked';
    return this.sendPolicy.whyIneligible(document);
  }

  private sendsCodeAway(): boolean {
    return sendsCodeAway(this.backendSettings.backend, this.backend);
  }

  private isRestricted(): boolean {
    return this.sendPolicy.restricts(this.sendsCodeAway());
  }

  // ---- status ------------------------------------------------------------------------------

  refreshStatus(): void {
    const settings = this.backendSettings;
    const editor = vscode.window.activeTextEditor;
    const languageId = editor?.document.languageId;
    this.status.show({
      settings,
      backend: this.backend,
      buildError: this.backendError,
      lastError: this.lastError,
      hasApiKey: Boolean(this.keys.current),
      apiKeyStored: this.keys.source === 'stored',
      serverTokenStored: this.keys.serverToken.current !== undefined,
      snoozedUntil: this.snoozedUntil(),
      restricted: this.isRestricted(),
      disabledLanguage: languageId !== undefined && !this.sendPolicy.languageEnabled(languageId) ? languageId : undefined,
      busy: this.busy,
      spend: settings.backend === 'deepseek' ? this.hooks.spendSummary?.() : undefined,
    });
  }

  private onRequestEnd(info: RequestEndInfo): void {
    if (info.outcome === 'aborted') return;
    if (info.outcome === 'ok') {
      this.health.noteSuccess(info.latencyMs);
      if (this.lastError) this.log.info('completions are back');
      this.lastError = undefined;
      this.refreshStatus();
      return;
    }
    this.health.noteFailure(info.error?.kind);
    const error = info.error;
    if (!error) return;
    this.lastError = error;
    // One notification per distinct problem per session, each with a way out.
    const notice = noticeForFailure({ kind: error.kind, message: failureText(error.kind, error.message), backend: this.backendSettings.backend, model: this.backend?.model }, t);
    if (notice) this.notifier.onceNotice(notice);
    this.refreshStatus();
  }

  dispose(): void {
    this.engine.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
