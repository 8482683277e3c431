// Turns whatever the `openai` client throws at DeepSeek into one BackendError the user can act
// on. Shared by the completion backend, the chat and the model/balance look-ups.
//
// The key never reaches a message: DeepSeek's 401 text quotes the key's tail ("Your api key:
// ****abcd is invalid"), so the user-facing text is always ours, and the server's own words
// only go into messages (400/422) and the log `detail` after scrubSecrets.
import { APIError } from 'openai';
import { BackendError, scrubSecrets } from '../../engine/errors';
import { displayUrl, hostOf, transportError } from '../openaiErrors';

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

/**
 * Maps an error from the `openai` client (or from reading its stream) to a BackendError.
 * Aborts are not handled here: requestFailure (openaiErrors.ts) keeps them aborts.
 */
export function toDeepSeekError(error: unknown, context: DeepSeekErrorContext = {}): BackendError {
  if (error instanceof BackendError) return error;
  const scrub = (text: string) => scrubDeepSeekText(text, context.apiKey);
  const where = hostOf(context.baseUrl);
  const urlSetting = context.baseUrlSetting ?? DEEPSEEK_BASE_URL_SETTING;

  if (error instanceof APIError && typeof error.status === 'number') {
    return fromStatus(error.status, error, context, scrub);
  }
  return transportError(error, { serverName: 'DeepSeek', where, urlSetting }, scrub);
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
