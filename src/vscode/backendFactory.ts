// Builds the completion backend the settings ask for.
import { DeepSeekBackend } from '../backends/deepseek/completion';
import { ollamaHostSource, resolveOllamaHost } from '../backends/endpointPolicy';
import { OllamaBackend } from '../backends/ollama/completion';
import { BackendError } from '../engine/errors';
import type { CompletionBackend, Logger } from '../engine/types';
import type { BackendSettings } from './config';
import { buildTeamServerBackend } from './teamServerFactory';

export type BackendBuild = { backend: CompletionBackend; error?: undefined } | { backend?: undefined; error: BackendError } | { backend?: undefined; error?: undefined };

export function buildBackend(settings: BackendSettings, apiKey: string | undefined, log: Logger, serverToken?: string): BackendBuild {
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
    if (settings.backend === 'openaiCompatible' || settings.backend === 'llamaCpp') {
      return { backend: buildTeamServerBackend(settings.backend, settings, serverToken, log) };
    }
    return {};
  } catch (error) {
    if (error instanceof BackendError) return { error };
    return { error: new BackendError('config', `Could not set up the backend: ${String(error)}`) };
  }
}

const LABELS: Record<BackendSettings['backend'], string> = { ollama: 'Ollama', deepseek: 'DeepSeek', openaiCompatible: 'Server', llamaCpp: 'llama.cpp', off: 'Off' };

export function backendLabel(choice: BackendSettings['backend']): string {
  return LABELS[choice] ?? 'Off';
}

/** The model the settings name for the chosen backend (shown when the backend could not be built). */
export function configuredModel(settings: BackendSettings): string {
  switch (settings.backend) {
    case 'deepseek':
      return settings.deepseekModel;
    case 'openaiCompatible':
      return settings.openaiCompatibleModel;
    case 'llamaCpp':
      return settings.llamaCppModel || 'loaded model';
    default:
      return settings.ollamaModel;
  }
}

/**
 * Code from this workspace would leave the machine: the hosted API, or a team server that is not
 * on loopback. Restricted Mode pauses these and keeps other files' content home.
 */
export function sendsCodeAway(choice: BackendSettings['backend'], backend: CompletionBackend | undefined): boolean {
  return choice === 'deepseek' || backend?.leavesMachine === true;
}
