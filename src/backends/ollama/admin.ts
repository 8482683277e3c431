// Model management on an Ollama server, for the status-bar menu and the first-run check:
// list the installed models, pull one with progress, ask the version.
// Same transport, stream reader and error classification as completion requests.
import { Ollama } from 'ollama';
import type { ProgressResponse } from 'ollama';
import { BackendError } from '../../engine/errors';
import { OLLAMA_HOST_SETTING as HOST_SETTING, checkEndpoint } from '../endpointPolicy';
import { abortError, mapOllamaError, type OllamaErrorContext } from './errors';
import { readOllamaStream } from './stream';
import { clientConfig, hostForMessages, OllamaTransport } from './transport';

/** The DeepSeek Coder tags trained for fill-in-the-middle (base, not instruct), smallest first. */
export const DEEPSEEK_CODER_BASE_MODELS: readonly string[] = ['deepseek-coder:1.3b-base', 'deepseek-coder:6.7b-base', 'deepseek-coder-v2:16b-lite-base'];

export interface OllamaModelInfo {
  readonly name: string;
  /** Bytes on disk. */
  readonly size?: number;
  /** As Ollama reports it, e.g. "1B", "7B", "15.7B". */
  readonly parameterSize?: string;
  /** Architecture, e.g. "llama", "deepseek2". */
  readonly family?: string;
}

export interface PullProgress {
  /** Ollama's own words: "pulling manifest", "pulling 0a8c26691023", "verifying sha256 digest", "success"... */
  readonly status: string;
  readonly completed?: number;
  readonly total?: number;
  /** Of the layer being downloaded (0-100); 100 at "success". */
  readonly percent?: number;
}

export interface OllamaAdminOptions {
  /** Allow plain http to a non-loopback host (the same setting as for completions). */
  readonly allowRemoteHttp?: boolean;
  /** For tests and proxies; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
  /** Cancels the call. */
  readonly signal?: AbortSignal;
  /** A call with no answer after this long fails as a timeout (list and version only). Default 5000. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** The models installed on the server (GET /api/tags). */
export async function listOllamaModels(host: string, options: OllamaAdminOptions = {}): Promise<OllamaModelInfo[]> {
  const response = await shortCall(host, options, 'list', (client) => client.list());
  return response.models.map((model) => ({
    name: model.name,
    size: typeof model.size === 'number' ? model.size : undefined,
    parameterSize: model.details?.parameter_size || undefined,
    family: model.details?.family || undefined,
  }));
}

/** The server's version (GET /api/version): a cheap "is Ollama there?" check. */
export async function ollamaVersion(host: string, options: OllamaAdminOptions = {}): Promise<string> {
  const response = await shortCall(host, options, 'version', (client) => client.version());
  return response.version;
}

/**
 * Pulls a model (POST /api/pull, streamed), reporting each progress line. Resolves at
 * "success"; an abort of `signal` cancels the download and rejects with an AbortError.
 */
export async function pullOllamaModel(
  host: string,
  model: string,
  onProgress: (progress: PullProgress) => void,
  signal: AbortSignal,
  options: Omit<OllamaAdminOptions, 'signal' | 'timeoutMs'> = {},
): Promise<void> {
  const url = checkEndpoint(host, HOST_SETTING, options.allowRemoteHttp);
  const context: OllamaErrorContext = { host: hostForMessages(url), model, operation: 'pull' };
  const lines = readOllamaStream<ProgressResponse>({
    server: clientConfig(url),
    signal,
    fetch: options.fetch,
    open: (client) => client.pull({ model, stream: true }),
    isLast: (line) => line.status === 'success',
    fail: (error, transport) => {
      const failure = mapOllamaError(error, transport, context);
      // A registry without that name answers with an error line: say so in the user's terms.
      if (transport.inStreamError !== undefined && /does not exist|not found/i.test(transport.inStreamError)) {
        return new BackendError('modelMissing', `Ollama could not find ${model} to pull: ${transport.inStreamError}`, failure.status, failure.detail);
      }
      if (transport.inStreamError !== undefined) {
        return new BackendError('server', `Pulling ${model} failed: ${transport.inStreamError}`, failure.status, failure.detail);
      }
      return failure;
    },
  });
  for await (const line of lines) onProgress(toProgress(line));
}

function toProgress(line: ProgressResponse): PullProgress {
  const total = typeof line.total === 'number' && line.total > 0 ? line.total : undefined;
  const completed = typeof line.completed === 'number' ? line.completed : undefined;
  let percent: number | undefined;
  if (line.status === 'success') percent = 100;
  else if (total !== undefined) percent = Math.min(100, Math.floor(((completed ?? 0) / total) * 100));
  return { status: line.status, completed, total, percent };
}

/** A non-streaming call with a timeout (the client cannot cancel those by itself). */
async function shortCall<T>(host: string, options: OllamaAdminOptions, operation: 'list' | 'version', call: (client: Ollama) => Promise<T>): Promise<T> {
  const url = checkEndpoint(host, HOST_SETTING, options.allowRemoteHttp);
  if (options.signal?.aborted) throw abortError();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
  const handle = setTimeout(() => timer.abort(), timeoutMs);
  const transport = new OllamaTransport(options.fetch ?? fetch, { signal, streaming: false });
  const client = new Ollama({ ...clientConfig(url), fetch: transport.fetch });
  const shownHost = hostForMessages(url);
  try {
    return await call(client);
  } catch (error) {
    if (options.signal?.aborted) throw abortError();
    if (timer.signal.aborted) {
      throw new BackendError('timeout', `Ollama at ${shownHost} did not answer within ${formatSeconds(timeoutMs)}.`, undefined, `${operation} timed out`);
    }
    throw mapOllamaError(error, transport, { host: shownHost, operation });
  } finally {
    clearTimeout(handle);
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
