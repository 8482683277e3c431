// What every server behind the `openai` client can fail with before or outside an HTTP status:
// no answer in time, no connection, an error event inside a 200 stream, a body that is not JSON,
// a connection that broke off; and the rule that an abort stays an abort. Each server's own
// module words its statuses; these are shared.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { BackendError, isAbortError } from '../engine/errors';
import type { Logger } from '../engine/types';
import { abortError } from './openaiStream';

export interface TransportWords {
  /** "DeepSeek", "vLLM"… */
  readonly serverName: string;
  /** " at host:port", or '' (see hostOf). */
  readonly where: string;
  /** The setting that holds the URL, named in connection messages. */
  readonly urlSetting: string;
}

/** True for the client's own abort (APIUserAbortError) and for DOM-style AbortErrors. */
function isClientAbort(error: unknown): boolean {
  return error instanceof APIUserAbortError || isAbortError(error);
}

/**
 * The Error to throw for what a request threw: an abort (of `signal`, or the client's own) stays
 * an abort; anything else is mapped to a BackendError and, given `log`, logged under its label.
 */
export function requestFailure(error: unknown, signal: AbortSignal | undefined, map: (error: unknown) => BackendError, log?: { readonly logger: Logger; readonly label: string }): Error {
  if (signal?.aborted || isClientAbort(error)) return abortError();
  const mapped = map(error);
  log?.logger.warn(`${log.label}: ${mapped.kind}${mapped.status ? ` (${mapped.status})` : ''}: ${mapped.detail ?? mapped.message}`);
  return mapped;
}

/** Maps a status-less failure of the client to a BackendError; `scrub` cleans the log detail. */
export function transportError(error: unknown, words: TransportWords, scrub: (text: string) => string): BackendError {
  const { serverName, where, urlSetting } = words;
  if (error instanceof BackendError) return error;
  // The client wraps what its fetch threw (a refused redirect: see noRedirects.ts) in a connection error.
  if (error instanceof APIConnectionError && error.cause instanceof BackendError) return error.cause;
  if (error instanceof APIConnectionTimeoutError) {
    return new BackendError('timeout', `${serverName}${where} did not answer in time: completions back off and try again shortly.`, undefined, scrub(describeError(error)));
  }
  if (error instanceof APIConnectionError) {
    return new BackendError(
      'unreachable',
      `Cannot reach ${serverName}${where}: check the network, a proxy or the setting ${urlSetting}. Completions try again shortly.`,
      undefined,
      scrub(describeError(error)),
    );
  }
  if (error instanceof APIError) {
    // A status-less APIError out of a 200 stream: an `{"error": ...}` event.
    return new BackendError('malformed', `${serverName} reported an error in the middle of its answer: completions back off and try again shortly.`, undefined, scrub(describeError(error)));
  }
  if (error instanceof SyntaxError) {
    return new BackendError('malformed', `${serverName} sent an answer that could not be read: completions back off and try again shortly.`, undefined, scrub(describeError(error)));
  }
  // Anything else while reading the body (a reset socket, "terminated"): the connection broke.
  return new BackendError(
    'unreachable',
    `The connection to ${serverName}${where} broke off: check the network or the setting ${urlSetting}. Completions try again shortly.`,
    undefined,
    scrub(describeError(error)),
  );
}

/** The error's name, message and low-level cause, for the log. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const causeText = cause instanceof Error ? `${(cause as { code?: unknown }).code ?? cause.name}: ${cause.message}` : '';
  return `${error.name}: ${error.message}${causeText ? ` (${causeText})` : ''}`;
}

/** Origin and path only: no user info or query, which could hold credentials. */
export function displayUrl(baseUrl: string | undefined): string {
  if (!baseUrl) return 'the configured URL';
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'the configured URL';
  }
}

/** " at host:port" for messages, '' when the URL is missing or unreadable. */
export function hostOf(baseUrl: string | undefined): string {
  if (!baseUrl) return '';
  try {
    return ` at ${new URL(baseUrl).host}`;
  } catch {
    return '';
  }
}
