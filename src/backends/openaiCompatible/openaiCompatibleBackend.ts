// Completions from a team's OpenAI-compatible server (vLLM, SGLang, TGI, LM Studio, llama.cpp's
// /v1), through the real `openai` client: POST {baseUrl}/completions, streamed.
//
// Prompt modes: 'rendered' (default) renders the model family's FIM prompt here and sends it as
// a plain `prompt`, never a `suffix` (vLLM and SGLang answer 400 to one, others ignore it);
// 'suffix' sends prompt + suffix for servers that apply a FIM template themselves.
import type OpenAI from 'openai';
import { APIError } from 'openai';
import type { CompletionCreateParamsStreaming } from 'openai/resources/completions';
import { BackendError, scrubSecrets } from '../../engine/errors';
import { renderFimPrompt, templateStops } from '../../engine/fimRender';
import type { FimTemplate } from '../../engine/fimTemplates';
import { silentLogger, type CompletionBackend, type CompletionRequest, type Logger, type StreamEvent } from '../../engine/types';
import { createDeepSeekClient } from '../deepseek/transport';
import { checkEndpoint, isLoopbackHost } from '../endpointPolicy';
import { hostOf, requestFailure, transportError } from '../openaiErrors';
import { abortError, streamCompletion } from '../openaiStream';
import { StopCutter } from '../stopCutter';
import { fromServerStatus, type TeamServerErrorContext } from '../teamServerErrors';
import { clampMaxTokens, TEAM_SERVER_TIMEOUT_MS } from '../teamServerLimits';

export const OPENAI_COMPATIBLE_URL_SETTING = 'deepseekFim.openaiCompatible.baseUrl';
export const OPENAI_COMPATIBLE_MODEL_SETTING = 'deepseekFim.openaiCompatible.model';
export const OPENAI_COMPATIBLE_TEMPLATE_SETTING = 'deepseekFim.openaiCompatible.fimTemplate';

export type PromptMode = 'rendered' | 'suffix';

/** Stops beyond this are dropped (DeepSeek's limit; a generous one for any server). */
const MAX_STOP_SEQUENCES = 16;

export interface OpenAiCompatibleOptions {
  /** Up to and including /v1, e.g. http://127.0.0.1:8000/v1. */
  readonly baseUrl: string;
  readonly model: string;
  /** Shown in the status bar and messages: "vLLM", or the server's host when not named. */
  readonly serverName?: string;
  readonly promptMode: PromptMode;
  /** Needed in 'rendered' mode (the factory refuses to build without one). */
  readonly template: FimTemplate | undefined;
  /** Bearer token for a server started with --api-key; never logged. */
  readonly token?: string;
  readonly allowRemoteHttp?: boolean;
  readonly log?: Logger;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/** The name a server is shown by when the user gave none: its host and port. */
export function serverNameFor(baseUrl: string, named: string | undefined): string {
  const name = named?.trim();
  if (name) return name;
  try {
    return new URL(baseUrl).host;
  } catch {
    return 'Server';
  }
}

export class OpenAiCompatibleBackend implements CompletionBackend {
  readonly label: string;
  /** vLLM and SGLang cache prompt prefixes (automatic prefix caching, the radix cache), as LM Studio's llama.cpp does. */
  readonly servesFromKvCache = true;
  readonly model: string;
  readonly baseUrl: string;
  /** True when code leaves this machine: Restricted Mode pauses it as it does the hosted API. */
  readonly leavesMachine: boolean;
  readonly promptMode: PromptMode;
  readonly template: FimTemplate | undefined;
  private readonly token: string | undefined;
  private readonly log: Logger;
  private readonly client: OpenAI;

  constructor(options: OpenAiCompatibleOptions) {
    const url = checkEndpoint(options.baseUrl.trim(), OPENAI_COMPATIBLE_URL_SETTING, options.allowRemoteHttp ?? false);
    this.baseUrl = url.toString().replace(/\/+$/, '');
    this.leavesMachine = !isLoopbackHost(url.hostname);
    this.label = serverNameFor(this.baseUrl, options.serverName);
    this.model = options.model;
    this.promptMode = options.promptMode;
    this.template = options.template;
    this.token = options.token?.trim() || undefined;
    this.log = options.log ?? silentLogger;
    if (this.promptMode === 'rendered' && !this.template) {
      throw new BackendError('config', `No FIM template is known for the model "${this.model}": set ${OPENAI_COMPATIBLE_TEMPLATE_SETTING} to its family.`);
    }
    this.client = createDeepSeekClient({
      baseUrl: this.baseUrl,
      apiKey: this.token ?? 'no-token',
      anonymous: this.token === undefined,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? TEAM_SERVER_TIMEOUT_MS,
      log: this.log,
      baseUrlSetting: OPENAI_COMPATIBLE_URL_SETTING,
      serverName: this.label,
    });
  }

  async *complete(request: CompletionRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    if (signal.aborted) throw abortError();
    const model = request.model || this.model;
    const params = this.params(request, model);
    const context: TeamServerErrorContext = { serverName: this.label, token: this.token, model, baseUrl: this.baseUrl, urlSetting: OPENAI_COMPATIBLE_URL_SETTING, modelSetting: OPENAI_COMPATIBLE_MODEL_SETTING };
    const startedAt = Date.now();
    this.log.debug(`${this.label}: POST ${this.baseUrl}/completions model=${model} mode=${this.promptMode}${this.template ? ` template=${this.template.id}` : ''} prompt=${params.prompt?.length ?? 0} chars max_tokens=${params.max_tokens}`);
    const fail = (error: unknown) => requestFailure(error, signal, (cause) => toTeamServerError(cause, context), { logger: this.log, label: this.label });
    // Some servers (TGI) send the stop sequence they matched: cut there, and stop reading.
    const cutter = new StopCutter(typeof params.stop === 'string' ? [params.stop] : (params.stop ?? []));
    for await (const event of streamCompletion(this.client, params, signal, { serverName: this.label, fail })) {
      if (event.type === 'text') {
        const shown = cutter.push(event.text);
        if (shown) yield { type: 'text', text: shown };
        if (!cutter.stopped) continue;
        this.log.debug(`${this.label}: stop sequence in the answer after ${Date.now() - startedAt} ms`);
        yield { type: 'done', finishReason: 'stop' };
        return;
      }
      const rest = cutter.flush();
      if (rest) yield { type: 'text', text: rest };
      this.log.debug(`${this.label}: done in ${Date.now() - startedAt} ms, finish=${event.finishReason}${event.usage ? `, prompt ${event.usage.promptTokens}, completion ${event.usage.completionTokens}` : ''}`);
      yield event;
    }
  }

  /** The request body: the rendered prompt and no suffix, or prompt + suffix. */
  params(request: CompletionRequest, model: string): CompletionCreateParamsStreaming {
    const template = this.template;
    const stop = (template ? templateStops(template, request.stop) : request.stop.filter((s) => s.length > 0)).slice(0, MAX_STOP_SEQUENCES);
    const body: CompletionCreateParamsStreaming = {
      model,
      prompt: this.promptMode === 'rendered' && template ? renderFimPrompt(template, request) : request.prefix,
      max_tokens: clampMaxTokens(request.maxTokens),
      temperature: Number.isFinite(request.temperature) ? Math.min(2, Math.max(0, request.temperature)) : 0,
      ...(stop.length > 0 ? { stop } : {}),
      stream: true,
      stream_options: { include_usage: true },
    };
    return this.promptMode === 'suffix' ? { ...body, suffix: request.suffix } : body;
  }
}

/** Maps what the `openai` client throws at a team server to a BackendError. */
export function toTeamServerError(error: unknown, context: TeamServerErrorContext): BackendError {
  if (error instanceof APIError && typeof error.status === 'number') return fromServerStatus(error.status, error.error ?? error.message, context);
  return transportError(error, { serverName: context.serverName, where: hostOf(context.baseUrl), urlSetting: context.urlSetting }, (text) => scrubSecrets(text, context.token));
}
