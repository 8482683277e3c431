// Which models a team server offers, for the model pick of the status-bar menu:
// GET {baseUrl}/models on an OpenAI-compatible server (through the `openai` client), and on
// llama.cpp GET /v1/models, else the file name of `model_path` in GET /props.
import { BackendError } from '../engine/errors';
import { createDeepSeekClient, listModelIds } from './deepseek/transport';
import { withoutRedirects } from './noRedirects';
import { checkEndpoint } from './endpointPolicy';
import { LLAMA_CPP_MODEL_SETTING, LLAMA_CPP_URL_SETTING } from './llamaCpp/llamaCppBackend';
import { OPENAI_COMPATIBLE_MODEL_SETTING, OPENAI_COMPATIBLE_URL_SETTING, serverNameFor, toTeamServerError } from './openaiCompatible/openaiCompatibleBackend';
import { requestFailure } from './openaiErrors';
import { abortError } from './openaiStream';
import { fromServerStatus } from './teamServerErrors';

/** Look-ups are interactive: give up sooner than a completion would. */
const LOOKUP_TIMEOUT_MS = 10_000;

export interface TeamServerLookup {
  readonly token?: string;
  readonly allowRemoteHttp?: boolean;
  readonly serverName?: string;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

export async function listOpenAiCompatibleModels(baseUrl: string, lookup: TeamServerLookup = {}): Promise<string[]> {
  const url = checkEndpoint(baseUrl.trim(), OPENAI_COMPATIBLE_URL_SETTING, lookup.allowRemoteHttp ?? false).toString().replace(/\/+$/, '');
  const token = lookup.token?.trim() || undefined;
  const client = createDeepSeekClient({ baseUrl: url, apiKey: token ?? 'no-token', anonymous: token === undefined, fetch: lookup.fetch, timeoutMs: LOOKUP_TIMEOUT_MS, baseUrlSetting: OPENAI_COMPATIBLE_URL_SETTING, serverName: serverNameFor(url, lookup.serverName) });
  try {
    return await listModelIds(client, lookup.signal);
  } catch (error) {
    throw requestFailure(error, lookup.signal, (cause) =>
      toTeamServerError(cause, { serverName: serverNameFor(url, lookup.serverName), token, baseUrl: url, urlSetting: OPENAI_COMPATIBLE_URL_SETTING, modelSetting: OPENAI_COMPATIBLE_MODEL_SETTING }),
    );
  }
}

/** The model names llama-server gives: its /v1/models ids, else the GGUF file it loaded. */
export async function listLlamaCppModels(baseUrl: string, lookup: TeamServerLookup = {}): Promise<string[]> {
  const url = checkEndpoint(baseUrl.trim(), LLAMA_CPP_URL_SETTING, lookup.allowRemoteHttp ?? false).toString().replace(/\/+$/, '');
  const token = lookup.token?.trim() || undefined;
  const get = async (path: string): Promise<unknown> => {
    let response: Response;
    try {
      response = await withoutRedirects(lookup.fetch ?? fetch, 'llama.cpp', LLAMA_CPP_URL_SETTING)(`${url}${path}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: lookup.signal ? AbortSignal.any([lookup.signal, AbortSignal.timeout(LOOKUP_TIMEOUT_MS)]) : AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      });
    } catch (error) {
      if (lookup.signal?.aborted) throw abortError();
      if (error instanceof BackendError) throw error;
      throw new BackendError('unreachable', `Cannot reach llama.cpp at ${new URL(url).host}: check that llama-server runs and the setting ${LLAMA_CPP_URL_SETTING}.`, undefined, String(error));
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
    if (!response.ok) throw fromServerStatus(response.status, body, { serverName: 'llama.cpp', token, baseUrl: url, urlSetting: LLAMA_CPP_URL_SETTING, modelSetting: LLAMA_CPP_MODEL_SETTING });
    return body;
  };
  const listed = (await get('/v1/models').catch((error: unknown) => {
    // Older servers have no /v1/models: /props still names the file. Auth and reachability failures stand.
    if (error instanceof BackendError && (error.kind === 'unauthorized' || error.kind === 'unreachable')) throw error;
    return undefined;
  })) as { data?: { id?: unknown }[] } | undefined;
  const ids = (listed?.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
  if (ids.length > 0) return [...new Set(ids)];
  const props = (await get('/props')) as { model_path?: unknown };
  return typeof props.model_path === 'string' && props.model_path ? [props.model_path.split(/[\\/]/).pop() ?? props.model_path] : [];
}
