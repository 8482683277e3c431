// The Ollama backend: DeepSeek Coder FIM through the `ollama` client, raw mode, streamed.
//
// Raw mode with the FIM tokens in the prompt works for Coder v1 (whose library template is
// chat-only and rejects `suffix`) and Coder-V2 alike, so `suffix` is never sent. The prompt puts
// the cursor line's typed part after the FIM end token (fimRender.ts), so that Ollama's KV cache
// keeps everything before it from one keystroke to the next. Each request
// is read by readOllamaStream: its own client and guarded fetch, cancelled by its signal.
import type { GenerateResponse } from 'ollama';
import { DEEPSEEK_CODER_TEMPLATE, renderFimPrompt } from '../../engine/fimRender';
import { silentLogger, type CompletionBackend, type CompletionRequest, type Logger, type StreamEvent } from '../../engine/types';
import { OLLAMA_HOST_SETTING as HOST_SETTING, checkEndpoint } from '../endpointPolicy';
import { mapOllamaError } from './errors';
import { ollamaFinishReason, readOllamaStream } from './stream';
import { clientConfig, hostForMessages, keepAliveForWire } from './transport';

export interface OllamaBackendOptions {
  /** Server URL, already resolved (see resolveOllamaHost). */
  readonly host: string;
  readonly model: string;
  /** How long Ollama keeps the model loaded after a request: a duration ("30m") or seconds ("-1" = forever). */
  readonly keepAlive: string;
  /** Context window to ask for; Ollama's default when absent. */
  readonly numCtx?: number;
  /** Allow plain http to a non-loopback host (code travels unencrypted). */
  readonly allowRemoteHttp?: boolean;
  /** What a refused host is blamed on (see ollamaHostSource); the setting by default. */
  readonly hostSource?: string;
  readonly log?: Logger;
  /** For tests and proxies; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

/** Nucleus sampling used by DeepSeek's own FIM examples. */
const TOP_P = 0.95;

export class OllamaBackend implements CompletionBackend {
  readonly label = 'Ollama';
  readonly servesFromKvCache = true;
  readonly reportsTimings = true;
  readonly model: string;
  /** The server URL without a trailing slash (and without credentials: see clientConfig). */
  readonly host: string;
  /** The host as messages show it. */
  private readonly shownHost: string;
  private readonly headers: Record<string, string> | undefined;
  private readonly keepAlive: string | number | undefined;
  private readonly log: Logger;

  constructor(private readonly options: OllamaBackendOptions) {
    const url = checkEndpoint(options.host, options.hostSource ?? HOST_SETTING, options.allowRemoteHttp);
    ({ host: this.host, headers: this.headers } = clientConfig(url));
    this.shownHost = hostForMessages(url);
    this.model = options.model;
    this.keepAlive = keepAliveForWire(options.keepAlive);
    this.log = options.log ?? silentLogger;
  }

  async *complete(request: CompletionRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    const prompt = renderFimPrompt(DEEPSEEK_CODER_TEMPLATE, request);
    const parts = readOllamaStream<GenerateResponse>({
      server: { host: this.host, headers: this.headers },
      signal,
      fetch: this.options.fetch,
      open: (client) => {
        this.log.trace(`Ollama: ${request.model}, prompt ${prompt.length} chars, num_predict ${request.maxTokens}`);
        return client.generate({
          model: request.model,
          prompt,
          raw: true,
          stream: true,
          keep_alive: this.keepAlive,
          options: {
            num_predict: request.maxTokens,
            temperature: request.temperature,
            top_p: TOP_P,
            stop: [...request.stop],
            ...(this.options.numCtx ? { num_ctx: this.options.numCtx } : {}),
          },
        });
      },
      isLast: (part) => part.done,
      fail: (error, transport) => {
        const failure = mapOllamaError(error, transport, { host: this.shownHost, model: request.model, operation: 'generate' });
        this.log.debug(`Ollama: ${failure.kind}: ${failure.detail ?? failure.message}`);
        return failure;
      },
      onAbort: () => this.log.trace('Ollama: request aborted'),
    });
    for await (const part of parts) {
      if (part.response) yield { type: 'text', text: part.response };
      if (part.done) {
        this.log.trace(describeDone(part));
        yield {
          type: 'done',
          finishReason: ollamaFinishReason(part.done_reason),
          usage: { promptTokens: part.prompt_eval_count ?? 0, completionTokens: part.eval_count ?? 0 },
          // Ollama counts and times only the prompt tokens it had to evaluate (not those in its cache).
          timings: {
            promptTokens: part.prompt_eval_count ?? 0,
            promptMs: (part.prompt_eval_duration ?? 0) / 1e6,
            generatedTokens: part.eval_count ?? 0,
            generationMs: (part.eval_duration ?? 0) / 1e6,
          },
        };
      }
    }
  }
}

function describeDone(part: GenerateResponse): string {
  const ms = (ns: number | undefined) => (ns === undefined ? '-' : `${Math.round(ns / 1e6)}`);
  return (
    `Ollama: done (${part.done_reason ?? '-'}), prompt ${part.prompt_eval_count ?? 0} tokens in ${ms(part.prompt_eval_duration)} ms, ` +
    `${part.eval_count ?? 0} tokens in ${ms(part.eval_duration)} ms, load ${ms(part.load_duration)} ms, total ${ms(part.total_duration)} ms`
  );
}
