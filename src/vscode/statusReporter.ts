// Shows the controller's state: gathers the facts for model/statusModel.ts, hands its answer
// and the tooltip's figures to the status bar, and sets the context keys that follow from it.
import type { CompletionEngine } from '../engine/completionEngine';
import type { BackendError } from '../engine/errors';
import { failureText, t } from './localize';
import type { CompletionBackend } from '../engine/types';
import { backendLabel, configuredModel } from './backendFactory';
import type { BackendSettings } from './config';
import { CAN_RESUME, ContextKeys, HAS_STORED_API_KEY, HAS_STORED_SERVER_TOKEN } from './contextKeys';
import type { LatencyHealth } from './model/latencyHealth';
import { buildStatusState, canResume, type StatusError, type StatusFacts } from './model/statusModel';
import type { StatusBar, StatusDetails } from './statusBar';

/** What the controller knows at the moment the status is shown. */
export interface StatusSources {
  readonly settings: BackendSettings;
  readonly backend: CompletionBackend | undefined;
  readonly buildError: BackendError | undefined;
  readonly lastError: BackendError | undefined;
  readonly hasApiKey: boolean;
  readonly apiKeyStored: boolean;
  readonly serverTokenStored: boolean;
  readonly snoozedUntil: number;
  readonly restricted: boolean;
  /** The active editor's language, when completions are switched off for it. */
  readonly disabledLanguage: string | undefined;
  readonly busy: boolean;
  /** Today's DeepSeek spend, when the spend meter has it. */
  readonly spend: { spend: string; cacheHitShare?: number; band?: string } | undefined;
}

export class StatusReporter {
  private readonly contextKeys = new ContextKeys();

  constructor(
    private readonly statusBar: StatusBar,
    private readonly engine: CompletionEngine,
    private readonly health: LatencyHealth,
  ) {}

  show(sources: StatusSources): void {
    const state = buildStatusState(this.facts(sources), t);
    this.statusBar.set(state, this.details(sources));
    this.contextKeys.set(CAN_RESUME, canResume(state));
    this.contextKeys.set(HAS_STORED_API_KEY, sources.apiKeyStored);
    this.contextKeys.set(HAS_STORED_SERVER_TOKEN, sources.serverTokenStored);
  }

  /** The likely cause when completions are slow or time out, instead of silence. */
  private healthHint(settings: BackendSettings): string | undefined {
    return this.health.hint({ medianMs: this.engine.medianLatencyMs(), samples: this.engine.latencySampleCount() }, settings.backend === 'ollama', t, this.engine.serverSpeedFacts());
  }

  private facts(sources: StatusSources): StatusFacts {
    return {
      off: sources.settings.backend === 'off',
      snoozedUntil: sources.snoozedUntil,
      buildError: shown(sources.buildError),
      missingApiKey: sources.settings.backend === 'deepseek' && !sources.hasApiKey,
      restricted: sources.restricted,
      blockingError: shown(this.engine.blockingError()),
      lastError: shown(sources.lastError),
      backoffLeftMs: this.engine.backoffLeftMs(),
      disabledLanguage: sources.disabledLanguage,
      busy: sources.busy,
      now: Date.now(),
    };
  }

  private details(sources: StatusSources): StatusDetails {
    const stats = this.engine.stats;
    const served = stats.cacheHits + stats.typedAheadHits + stats.inFlightReuses;
    const total = served + stats.requests;
    return {
      backendLabel: sources.backend?.label ?? backendLabel(sources.settings.backend),
      model: sources.backend?.model ?? configuredModel(sources.settings),
      lastLatencyMs: this.health.lastLatencyMs,
      medianLatencyMs: this.engine.medianLatencyMs(),
      cacheHitRate: total > 0 ? served / total : undefined,
      spendToday: sources.spend?.spend,
      cacheHitShareToday: sources.spend?.cacheHitShare,
      priceBand: sources.spend?.band,
      healthHint: this.healthHint(sources.settings),
      server: this.engine.serverSpeedFacts(),
    };
  }
}

/** A failure as the status bar's tooltip says it, in the display language. */
function shown(error: StatusError | undefined): StatusError | undefined {
  return error && { kind: error.kind, message: failureText(error.kind, error.message) };
}
