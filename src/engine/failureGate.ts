// Keeps a failing backend from being hammered: transient failures back off exponentially
// (the next keystroke after the back-off retries quietly); failures only the user can fix
// (no key, key rejected, empty balance, a refused endpoint) stop requests until reset.
import type { BackendError } from './errors';

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

export class FailureGate {
  private blockedUntil = 0;
  private consecutiveFailures = 0;
  private hardError: BackendError | undefined;

  /** The error that stops requests until the user acts, if any. */
  get blockingError(): BackendError | undefined {
    return this.hardError;
  }

  isBlocked(now: number): boolean {
    return this.hardError !== undefined || now < this.blockedUntil;
  }

  /** Milliseconds left in the current back-off (0 when none). */
  backoffLeftMs(now: number): number {
    return Math.max(0, this.blockedUntil - now);
  }

  noteFailure(error: BackendError, now: number): void {
    if (needsUser(error)) {
      this.hardError = error;
      return;
    }
    this.consecutiveFailures++;
    const backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.consecutiveFailures - 1));
    this.blockedUntil = now + backoff;
  }

  noteSuccess(): void {
    this.consecutiveFailures = 0;
    this.blockedUntil = 0;
  }

  /** Settings, key or resume changed: try again at once. */
  reset(): void {
    this.hardError = undefined;
    this.noteSuccess();
  }
}

function needsUser(error: BackendError): boolean {
  return error.kind === 'noKey' || error.kind === 'unauthorized' || error.kind === 'noBalance' || error.kind === 'config';
}
