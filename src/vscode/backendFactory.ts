// Builds the completion backend the settings ask for.
import { DeepSeekBackend } from '../backends/deepseekBackend';
import { ollamaHostSource, resolveOllamaHost } from '../backends/endpointPolicy';
import { OllamaBackend } from '../backends/ollamaBackend';
import { BackendError } from '../engine/errors';
import type { CompletionBackend, Logger } from '../engine/types';
import type { BackendSettings } from './config';

export type BackendBuild = { backend: CompletionBackend; error?: undefined } | { backend?: undefined; error: BackendError } | { backend?: undefined; error?: undefined };

export function buildBackend(settings: BackendSettings, apiKey: string | undefined, log: Logger): BackendBuild {
  try {
    if (settings.backend === 'ollama') {
      return {
        backend: new OllamaBackend({
          host: resolveOllamaHost(settings.ollamaHost),
          hostSource: ollamaHostSource(settings.ollamaHost),
          model: settings.ollamaModel,
          keepAlive: settings.ollamaKeepAlive,
          allowRemoteHttp: settings.ollamaAllowRemoteHttp,
          numCtx: settings.ollamaNumCtx,
          log,
        }),
      };
    }
    if (settings.backend === 'deepseek') {
      return { backend: new DeepSeekBackend({ baseUrl: settings.deepseekBaseUrl, model: settings.deepseekModel, apiKey, log }) };
    }
    return {};
  } catch (error) {
    if (error instanceof BackendError) return { error };
    return { error: new BackendError('config', `Could not set up the backend: ${String(error)}`) };
  }
}

export function backendLabel(choice: BackendSettings['backend']): string {
  return choice === 'ollama' ? 'Ollama' : choice === 'deepseek' ? 'DeepSeek' : 'Off';
}
