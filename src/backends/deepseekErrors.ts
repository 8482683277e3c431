// Turns whatever the `openai` client throws at DeepSeek into one BackendError the user can act
// on. Shared by the completion backend and the model/balance look-ups.
//
// The key never reaches a message: DeepSeek's 401 text quotes the key's tail ("Your api key:
// ****abcd is invalid"), so the user-facing text is always ours, and the server's own words
// only go into messages (400/422) and the log `detail` after scrubSecrets.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { BackendError, isAbortError, scrubSecrets } from '../engine/errors';

export const DEEPSEEK_BASE_URL_SETTING = 'deepseekFim.deepseek.baseUrl';
export const DEEPSEEK_MODEL_SETTING = 'deepseekFim.deepseek.model';
export const SET_API_KEY_COMMAND_TITLE = 'DeepSeek FIM: Set API Key';

export const NO_KEY_MESSAGE = `No DeepSeek API key. Run "${SET_API_KEY_COMMAND_TITLE}" or set DEEPSEEK_API_KEY.`;

export interface DeepSeekErrorContext {
  /** The key in use: scrubbed from any server text that is passed on. */
  readonly apiKey?: string;
  /** The model asked for, named in a "Model Not Exist" message. */
  readonly model?: string;
  /** Where the request went (no secrets in it), for connection messages. */
  readonly baseUrl?: string;
  /** The setting that holds baseUrl (the chat URL has its own). */
  readonly baseUrlSetting?: string;
}

export function noKeyError(): BackendError {
  return new BackendError('noKey', NO_KEY_MESSAGE);
}

/**
 * scrubSecrets, with DeepSeek's masked key ("****abcd") removed whole first: otherwise the
 * known-tail pass would leave "****[key]" behind.
 */
export function scrubDeepSeekText(text: string, apiKey?: string): string {
  return scrubSecrets(text.replace(/\*{2,}[A-Za-z0-9_-]*/g, '[key]'), apiKey);
}

/** An Error named 'AbortError', as CompletionBackend promises on abort. */
export function abortError(): Error {
  const error = new Error('The request was aborted.');
  error.name = 'AbortError';
  return error;
}

/** True for the client's own abort (APIUserAbortError) and for DOM-style AbortErrors. */
export function isDeepSeekAbort(error: unknown): boolean {
  return error instanceof APIUserAbortError || isAbortError(error);
}

/**
 * Maps an error from the `openai` client (or from reading its stream) to a BackendError.
 * Aborts are not handled here: check isDeepSeekAbort first and throw abortError().
 */
export function toDeepSeekError(error: unknown, context: DeepSeekErrorContext = {}): BackendError {
  if (error instanceof BackendError) return error;
  // The client wraps what its fetch threw (a refused redirect) in a connection error.
  if (error instanceof APIConnectionError && error.cause instanceof BackendError) return error.cause;
  const scrub = (text: string) => scrubDeepSeekText(text, context.apiKey);
  const where = hostOf(context.baseUrl);
  const urlSetting = context.baseUrlSetting ?? DEEPSEEK_BASE_URL_SETTING;

  if (error instanceof APIConnectionTimeoutError) {
    return new BackendError('timeout', `DeepSeek${where} did not answer in time: completions back off and try again shortly.`, undefined, scrub(describe(error)));
  }
  if (error instanceof APIConnectionError) {
    return new BackendError(
      'unreachable',
      `Cannot reach DeepSeek${where}: check the network, a proxy or the setting ${urlSetting}. Completions try again shortly.`,
      undefined,
      scrub(describe(error)),
    );
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return fromStatus(error.status, error, context, scrub);
  }
  if (error instanceof APIError) {
    // A status-less APIError out of a 200 stream: an `{"error": ...}` event.
    return new BackendError('malformed', 'DeepSeek reported an error in the middle of its answer: completions back off and try again shortly.', undefined, scrub(describe(error)));
  }
  if (error instanceof SyntaxError) {
    return new BackendError('malformed', 'DeepSeek sent an answer that could not be read: completions back off and try again shortly.', undefined, scrub(describe(error)));
  }
  // Anything else while reading the body (a reset socket, "terminated"): the connection broke.
  return new BackendError(
    'unreachable',
    `The connection to DeepSeek${where} broke off: check the network or the setting ${urlSetting}. Completions try again shortly.`,
    undefined,
    scrub(describe(error)),
  );
}

function fromStatus(status: number, error: APIError, context: DeepSeekErrorContext, scrub: (text: string) => string): BackendError {
  const serverMessage = scrub(serverMessageOf(error));
  const detail = scrub(`${status} ${error.type ?? ''} ${error.code ?? ''}: ${serverMessage}${traceIdOf(error)}`.replace(/\s+/g, ' '));
  switch (status) {
    case 401:
    case 403:
      return new BackendError('unauthorized', `DeepSeek rejected the API key. Run "${SET_API_KEY_COMMAND_TITLE}".`, status, detail);
    case 402:
      return new BackendError('noBalance', 'Your DeepSeek balance is empty: completions are paused. Top up, then resume.', status, detail);
    case 404:
      return new BackendError(
        'badRequest',
        `DeepSeek has no such endpoint at ${displayUrl(context.baseUrl)}: check the setting ${context.baseUrlSetting ?? DEEPSEEK_BASE_URL_SETTING} (FIM needs https://api.deepseek.com/beta).`,
        status,
        detail,
      );
    case 429:
      return new BackendError('rateLimited', 'DeepSeek is rate-limiting requests: completions back off and resume on their own.', status, detail);
    case 400:
    case 422:
      if (/model not exist/i.test(serverMessage)) {
        const model = context.model ? `"${context.model}"` : 'the configured model';
        return new BackendError(
          'modelMissing',
          `DeepSeek does not offer ${model} to this key. Pick a model from the list DeepSeek gives for your key, in the setting ${DEEPSEEK_MODEL_SETTING}.`,
          status,
          detail,
        );
      }
      return new BackendError(
        'badRequest',
        `DeepSeek refused the request: ${serverMessage || `status ${status}`}. Check the deepseekFim settings (maxTokens, temperature, ${DEEPSEEK_MODEL_SETTING}).`,
        status,
        detail,
      );
    default:
      if (status >= 500) {
        const what = status === 503 ? 'is overloaded' : `had a server error (${status})`;
        return new BackendError('server', `DeepSeek ${what}: completions back off and resume on their own.`, status, detail);
      }
      return new BackendError('badRequest', `DeepSeek answered ${status}: ${serverMessage || 'no reason given'}. Check the deepseekFim.deepseek settings.`, status, detail);
  }
}

/** The `error.message` of DeepSeek's body, without the client's "401 " prefix. */
function serverMessageOf(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message.trim();
  return '';
}

function traceIdOf(error: APIError): string {
  const trace = error.headers?.get('x-ds-trace-id');
  return trace ? ` (trace ${trace})` : '';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const causeText = cause instanceof Error ? `${(cause as { code?: unknown }).code ?? cause.name}: ${cause.message}` : '';
  return `${error.name}: ${error.message}${causeText ? ` (${causeText})` : ''}`;
}

/** Origin and path only: no user info or query, which could hold credentials. */
function displayUrl(baseUrl: string | undefined): string {
  if (!baseUrl) return 'the configured URL';
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'the configured URL';
  }
}

function hostOf(baseUrl: string | undefined): string {
  if (!baseUrl) return '';
  try {
    return ` at ${new URL(baseUrl).host}`;
  } catch {
    return '';
  }
}
