// What the status bar says, decided from plain facts: the controller gathers them (settings,
// snooze, the key, trust, the engine's answers, the active editor), this decides which one
// the user needs to hear about first. No editor API here, so every case is unit-tested.
import type { BackendErrorKind } from '../../engine/errors';
import { english, type Translate } from '../../engine/translate';

export type StatusState =
  | { kind: 'ready' }
  | { kind: 'busy' }
  | { kind: 'off' }
  | { kind: 'snoozed'; until: number }
  | { kind: 'languageDisabled'; languageId: string }
  | { kind: 'restricted' }
  | { kind: 'backingOff'; until: number; cause: BackendErrorKind }
  | { kind: 'error'; cause: BackendErrorKind; message: string };

/** A failure as the status bar shows it. */
export interface StatusError {
  readonly kind: BackendErrorKind;
  readonly message: string;
}

export interface StatusFacts {
  /** deepseekFim.backend is "off". */
  readonly off: boolean;
  /** When the snooze ends (Date.now() time), 0 when not snoozed. */
  readonly snoozedUntil: number;
  /** The settings could not make a backend (a refused endpoint, say). */
  readonly buildError?: StatusError;
  /** The DeepSeek API is chosen and no key is set. */
  readonly missingApiKey: boolean;
  /** Restricted Mode keeps code from a hosted backend. */
  readonly restricted: boolean;
  /** A failure only the user can fix: requests stop until they act. */
  readonly blockingError?: StatusError;
  /** The last request's failure, until a request succeeds or the settings change. */
  readonly lastError?: StatusError;
  /** Milliseconds left in the engine's back-off, 0 when not backing off. */
  readonly backoffLeftMs: number;
  /** The active editor's language, when completions are switched off for it. */
  readonly disabledLanguage?: string;
  /** A request is under way. */
  readonly busy: boolean;
  /** Date.now(), for the back-off's end. */
  readonly now: number;
}

/** The one state to show: what stops completions comes before what merely describes them. */
export function buildStatusState(facts: StatusFacts, t: Translate = english): StatusState {
  if (facts.off) return { kind: 'off' };
  if (facts.snoozedUntil) return { kind: 'snoozed', until: facts.snoozedUntil };
  if (facts.buildError) return errorState(facts.buildError);
  if (facts.missingApiKey) return { kind: 'error', cause: 'noKey', message: t('No DeepSeek API key: click to set one.') };
  if (facts.restricted) return { kind: 'restricted' };
  if (facts.blockingError) return errorState(facts.blockingError);
  const lastError = facts.lastError;
  if (lastError && facts.backoffLeftMs > 0) return { kind: 'backingOff', until: facts.now + facts.backoffLeftMs, cause: lastError.kind };
  if (lastError) return errorState(lastError);
  if (facts.disabledLanguage !== undefined) return { kind: 'languageDisabled', languageId: facts.disabledLanguage };
  if (facts.busy) return { kind: 'busy' };
  return { kind: 'ready' };
}

/** Whether "Resume" can do something: a snooze to end, or a paused empty balance to retry. */
export function canResume(state: StatusState): boolean {
  return state.kind === 'snoozed' || (state.kind === 'error' && state.cause === 'noBalance');
}

function errorState(error: StatusError): StatusState {
  return { kind: 'error', cause: error.kind, message: error.message };
}
