// Turns a team server's HTTP status (vLLM, SGLang, TGI, LM Studio, llama.cpp) into one
// BackendError the user can act on. Shared by the OpenAI-compatible and llama.cpp backends and
// their model look-ups. Server text only reaches the log after scrubSecrets: a token never does.
import { BackendError, scrubSecrets } from '../engine/errors';
import { displayUrl } from './openaiErrors';

export const SET_SERVER_TOKEN_COMMAND_TITLE = 'DeepSeek FIM: Set Server Token';

export interface TeamServerErrorContext {
  /** "vLLM", "llama.cpp"… */
  readonly serverName: string;
  /** The token in use, scrubbed from anything passed on. */
  readonly token?: string;
  readonly model?: string;
  readonly baseUrl?: string;
  /** The setting that holds the URL. */
  readonly urlSetting: string;
  /** The setting that holds the model. */
  readonly modelSetting: string;
}

/** The `message` of an OpenAI-style (`{error:{message}}`), vLLM-style (`{message}`) or llama.cpp body. */
export function serverMessage(body: unknown): string {
  if (typeof body === 'string') return body.trim().slice(0, 300);
  const record = (body ?? {}) as { message?: unknown; error?: unknown };
  if (typeof record.message === 'string') return record.message.trim();
  if (typeof record.error === 'string') return record.error.trim();
  const inner = (record.error ?? {}) as { message?: unknown };
  return typeof inner.message === 'string' ? inner.message.trim() : '';
}

export function fromServerStatus(status: number, body: unknown, context: TeamServerErrorContext): BackendError {
  const { serverName, modelSetting } = context;
  const message = scrubSecrets(serverMessage(body), context.token);
  const detail = `${status}: ${message}`;
  const model = context.model ? `"${context.model}"` : 'the configured model';
  const sentToken = context.token !== undefined;
  switch (status) {
    case 401:
    case 403:
      return new BackendError(
        'unauthorized',
        sentToken
          ? `${serverName} rejected the server token. Run "${SET_SERVER_TOKEN_COMMAND_TITLE}".`
          : `${serverName} wants a token (it was started with --api-key). Run "${SET_SERVER_TOKEN_COMMAND_TITLE}".`,
        status,
        detail,
      );
    case 404:
      if (/model/i.test(message)) {
        return new BackendError('modelMissing', `${serverName} does not serve ${model}. Pick one of its models from the status-bar menu, or fix ${modelSetting}.`, status, detail);
      }
      return new BackendError('badRequest', `${serverName} has no completion endpoint at ${displayUrl(context.baseUrl)}: check the setting ${context.urlSetting}.`, status, detail);
    case 429:
      return new BackendError('rateLimited', `${serverName} is turning requests away: completions back off and resume on their own.`, status, detail);
    case 501:
      return new BackendError('badRequest', `${serverName} cannot fill in the middle with its model (${message || 'not supported'}): load a FIM-trained base model such as deepseek-coder-6.7b-base.`, status, detail);
    case 400:
    case 422:
      if (/suffix/i.test(message)) {
        return new BackendError('badRequest', `${serverName} does not accept a suffix: set deepseekFim.openaiCompatible.promptMode to "rendered".`, status, detail);
      }
      if (/model/i.test(message) && /(not|no such|unknown|exist)/i.test(message)) {
        return new BackendError('modelMissing', `${serverName} does not serve ${model}. Pick one of its models from the status-bar menu, or fix ${modelSetting}.`, status, detail);
      }
      return new BackendError('badRequest', `${serverName} refused the request: ${message || `status ${status}`}. Check the deepseekFim settings (maxTokens, temperature, ${modelSetting}).`, status, detail);
    default:
      if (status >= 500) {
        const what = status === 503 ? 'is busy or still loading its model' : `had a server error (${status})`;
        return new BackendError('server', `${serverName} ${what}: completions back off and resume on their own.`, status, detail);
      }
      return new BackendError('badRequest', `${serverName} answered ${status}: ${message || 'no reason given'}.`, status, detail);
  }
}
