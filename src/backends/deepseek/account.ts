// Account look-ups for the VS Code layer: which models the key can use (to answer "Model Not
// Exist" with a list to pick from) and what balance is left. Errors are the same BackendErrors
// as the completion backend's.
import { BackendError } from '../../engine/errors';
import type { Logger } from '../../engine/types';
import { checkEndpoint } from '../endpointPolicy';
import { requestFailure } from '../openaiErrors';
import { DEEPSEEK_BASE_URL_SETTING, noKeyError, toDeepSeekError, type DeepSeekErrorContext } from './errors';
import { createDeepSeekClient, listModelIds } from './transport';

/** Look-ups are interactive: give up sooner than a completion would. */
const LOOKUP_TIMEOUT_MS = 15_000;

export interface DeepSeekLookupOptions {
  /** The setting `baseUrl` came from, named in error messages. Default deepseekFim.deepseek.baseUrl. */
  readonly settingName?: string;
  readonly signal?: AbortSignal;
  readonly log?: Logger;
  readonly timeoutMs?: number;
}

export interface DeepSeekBalance {
  /** False when the account cannot make paid calls (empty balance). */
  readonly isAvailable: boolean;
  readonly balances: readonly { readonly currency: string; readonly total: number }[];
}

/**
 * GET {baseUrl}/models: the ids of the models this key can use, in the server's order.
 * Works with the FIM URL (…/beta) and the chat URL alike.
 */
export async function listDeepSeekModels(baseUrl: string, apiKey: string | undefined, fetchImpl?: typeof fetch, options: DeepSeekLookupOptions = {}): Promise<string[]> {
  const { client, context } = prepare(baseUrl, apiKey, fetchImpl, options);
  try {
    return await listModelIds(client, options.signal);
  } catch (error) {
    throw requestFailure(error, options.signal, (cause) => toDeepSeekError(cause, context));
  }
}

/**
 * GET /user/balance on the API root: DeepSeek serves it outside /beta, so a trailing /beta
 * (or /v1) of the FIM URL is dropped.
 */
export async function getDeepSeekBalance(baseUrl: string, apiKey: string | undefined, fetchImpl?: typeof fetch, options: DeepSeekLookupOptions = {}): Promise<DeepSeekBalance> {
  const root = baseUrl.trim().replace(/\/+$/, '').replace(/\/(beta|v1)$/i, '');
  const { client, context } = prepare(root, apiKey, fetchImpl, options);
  let body: unknown;
  try {
    body = await client.get('/user/balance', { signal: options.signal, maxRetries: 0 });
  } catch (error) {
    throw requestFailure(error, options.signal, (cause) => toDeepSeekError(cause, context));
  }
  return parseBalance(body);
}

/** DeepSeek's balance body in plain terms; totals are numbers (DeepSeek sends strings). */
export function parseBalance(body: unknown): DeepSeekBalance {
  const record = (body ?? {}) as { is_available?: unknown; balance_infos?: unknown };
  if (typeof record.is_available !== 'boolean' || !Array.isArray(record.balance_infos)) {
    throw new BackendError('malformed', 'DeepSeek sent a balance that could not be read: try again later.', undefined, JSON.stringify(body)?.slice(0, 200));
  }
  const balances = record.balance_infos.flatMap((info: unknown) => {
    const { currency, total_balance: total } = (info ?? {}) as { currency?: unknown; total_balance?: unknown };
    const amount = typeof total === 'number' ? total : typeof total === 'string' ? Number(total) : NaN;
    return typeof currency === 'string' && Number.isFinite(amount) ? [{ currency, total: amount }] : [];
  });
  return { isAvailable: record.is_available, balances };
}

function prepare(baseUrl: string, apiKey: string | undefined, fetchImpl: typeof fetch | undefined, options: DeepSeekLookupOptions) {
  const settingName = options.settingName ?? DEEPSEEK_BASE_URL_SETTING;
  const url = checkEndpoint(baseUrl.trim(), settingName).toString().replace(/\/+$/, '');
  const key = apiKey?.trim();
  if (!key) throw noKeyError();
  const client = createDeepSeekClient({ baseUrl: url, apiKey: key, fetch: fetchImpl, timeoutMs: options.timeoutMs ?? LOOKUP_TIMEOUT_MS, log: options.log, baseUrlSetting: settingName });
  const context: DeepSeekErrorContext = { apiKey: key, baseUrl: url, baseUrlSetting: settingName };
  return { client, context };
}
