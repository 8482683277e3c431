// The `openai` client every request to DeepSeek goes through (completion, chat, models and
// balance), also used for the team servers that speak DeepSeek's wire format: no retries, no
// redirects, a log that never shows the key, and nothing taken from OPENAI_* variables that
// would send OpenAI's credentials or identifiers to another vendor.
import OpenAI from 'openai';
import { silentLogger, type Logger } from '../../engine/types';
import { withoutRedirects } from '../noRedirects';
import { DEEPSEEK_BASE_URL_SETTING, scrubDeepSeekText } from './errors';

/** Time to the response headers; the engine applies its own first-token limit on top. */
export const DEEPSEEK_DEFAULT_TIMEOUT_MS = 60_000;

export interface DeepSeekClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly log?: Logger;
  /** The setting that names baseUrl, for messages (default deepseekFim.deepseek.baseUrl). */
  readonly baseUrlSetting?: string;
  /** The server's name in messages (default DeepSeek). */
  readonly serverName?: string;
  /** Send no Authorization header (a team server without --api-key); apiKey is then a placeholder. */
  readonly anonymous?: boolean;
}

/** Each header named in OPENAI_CUSTOM_HEADERS ("Name: value" lines) set to null, which removes it. */
function blockedCustomHeaders(raw: string | undefined): Record<string, null> {
  const blocked: Record<string, null> = {};
  for (const line of (raw ?? '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) blocked[line.slice(0, colon).trim()] = null;
  }
  return blocked;
}

/** An `openai` client for DeepSeek, or for a team server that speaks its wire format. */
export function createDeepSeekClient(options: DeepSeekClientOptions): OpenAI {
  const log = options.log ?? silentLogger;
  const scrubbed = (write: (message: string) => void) => (message: string, ...rest: unknown[]) => write(scrubDeepSeekText([message, ...rest.map(logText)].join(' '), options.apiKey));
  return new OpenAI({
    apiKey: options.apiKey,
    adminAPIKey: null,
    organization: null,
    project: null,
    baseURL: options.baseUrl,
    maxRetries: 0,
    timeout: options.timeoutMs ?? DEEPSEEK_DEFAULT_TIMEOUT_MS,
    // Set explicitly so that OPENAI_LOG=debug cannot dump requests into the console.
    logLevel: 'warn',
    // The client adds OPENAI_CUSTOM_HEADERS to every request; those are meant for OpenAI.
    defaultHeaders: { ...blockedCustomHeaders(process.env.OPENAI_CUSTOM_HEADERS), ...(options.anonymous ? { Authorization: null } : {}) },
    logger: { error: scrubbed(log.warn.bind(log)), warn: scrubbed(log.warn.bind(log)), info: scrubbed(log.debug.bind(log)), debug: scrubbed(log.trace.bind(log)) },
    // Every request through this client (DeepSeek's completion, chat, models and balance; a team
    // server's completion and models) is made here: none follows a redirect.
    fetch: withoutRedirects(options.fetch ?? fetch, options.serverName ?? 'DeepSeek', options.baseUrlSetting ?? DEEPSEEK_BASE_URL_SETTING),
  });
}

function logText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** GET {baseUrl}/models through the client: the model ids, each once, in the server's order. */
export async function listModelIds(client: OpenAI, signal: AbortSignal | undefined): Promise<string[]> {
  const ids: string[] = [];
  for await (const model of client.models.list({ signal, maxRetries: 0 })) {
    if (typeof model.id === 'string' && !ids.includes(model.id)) ids.push(model.id);
  }
  return ids;
}
