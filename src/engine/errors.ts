// One error type for every backend failure, classified by what the user can do about it.
import { capText } from './untrustedText';

export type BackendErrorKind =
  /** Connection refused, DNS, reset before any answer. */
  | 'unreachable'
  /** The request took longer than the timeout setting. */
  | 'timeout'
  /** Ollama 404 / DeepSeek "Model Not Exist". */
  | 'modelMissing'
  /** No API key configured. */
  | 'noKey'
  /** 401: the key was rejected. */
  | 'unauthorized'
  /** 402: DeepSeek balance is empty. */
  | 'noBalance'
  /** 429 */
  | 'rateLimited'
  /** 500 / 503 / queue full. */
  | 'server'
  /** 400 / 422 other than a missing model. */
  | 'badRequest'
  /** A stream that could not be parsed, or an error line inside a 200 stream. */
  | 'malformed'
  /** The endpoint setting is not allowed (for example plain http to a remote host). */
  | 'config';

export class BackendError extends Error {
  constructor(
    readonly kind: BackendErrorKind,
    /** User-facing text. Must never contain an API key or any part of one. */
    message: string,
    readonly status?: number,
    /** Extra facts for the log only (already scrubbed of secrets). */
    readonly detail?: string,
  ) {
    // Both carry server text, which can be megabytes: capped here, once for every backend.
    super(capText(message, BackendError.MAX_MESSAGE_CHARS));
    this.name = 'BackendError';
    if (detail !== undefined) this.detail = capText(detail, BackendError.MAX_DETAIL_CHARS);
  }

  static readonly MAX_MESSAGE_CHARS = 1000;
  static readonly MAX_DETAIL_CHARS = 2000;

  /** Failures worth retrying quietly after a back-off. */
  get isTransient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'timeout' || this.kind === 'rateLimited' || this.kind === 'server' || this.kind === 'malformed';
  }
}

export function isAbortError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const name = (error as { name?: unknown }).name;
  return name === 'AbortError' || name === 'APIUserAbortError';
}

/** Removes anything that looks like an API key (sk-..., or DeepSeek's "****abcd" tail) from text. */
export function scrubSecrets(text: string, knownKey?: string): string {
  let out = text;
  if (knownKey && knownKey.length >= 8) out = out.split(knownKey).join('[key]');
  // The masked tail is looked for only from the first asterisk of a run (the look-behind): tried
  // from every asterisk of a long run, each attempt rescanned the run, quadratic time.
  // "sk-" must start a word: "risk-management" and "task-queue" are not keys.
  return out.replace(/(?<![A-Za-z0-9_])sk-[A-Za-z0-9_-]{4,}/g, '[key]').replace(/(?<!\*)\*{2,}[A-Za-z0-9_-]+/g, '[key]');
}
