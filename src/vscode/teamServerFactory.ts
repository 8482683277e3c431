// Builds the team-server backends from the settings: the OpenAI-compatible one with the FIM
// template its model needs (or the one the setting names), and the llama.cpp one.
import { LlamaCppBackend } from '../backends/llamaCpp/llamaCppBackend';
import { OpenAiCompatibleBackend } from '../backends/openaiCompatible/openaiCompatibleBackend';
import { chooseFimTemplate, FIM_TEMPLATE_IDS } from '../engine/fimTemplates';
import { BackendError } from '../engine/errors';
import type { CompletionBackend, Logger } from '../engine/types';
import type { TeamServerSettings } from './teamServerSettings';

export function buildTeamServerBackend(kind: 'openaiCompatible' | 'llamaCpp', settings: TeamServerSettings, token: string | undefined, log: Logger): CompletionBackend {
  if (kind === 'llamaCpp') {
    return new LlamaCppBackend({ baseUrl: settings.llamaCppBaseUrl, model: settings.llamaCppModel, token, allowRemoteHttp: settings.llamaCppAllowRemoteHttp, log });
  }
  const named = settings.openaiCompatibleFimTemplate.trim().toLowerCase();
  if (named && named !== 'auto' && !FIM_TEMPLATE_IDS.includes(named as (typeof FIM_TEMPLATE_IDS)[number])) {
    throw new BackendError('config', `"${settings.openaiCompatibleFimTemplate}" is not a FIM template: set deepseekFim.openaiCompatible.fimTemplate to auto or one of ${FIM_TEMPLATE_IDS.join(', ')}.`);
  }
  const template = chooseFimTemplate(settings.openaiCompatibleModel, named);
  if (template) log.debug(`FIM template for ${settings.openaiCompatibleModel}: ${template.family}`);
  return new OpenAiCompatibleBackend({
    baseUrl: settings.openaiCompatibleBaseUrl,
    model: settings.openaiCompatibleModel,
    serverName: settings.openaiCompatibleServerName,
    promptMode: settings.openaiCompatiblePromptMode,
    template,
    token,
    allowRemoteHttp: settings.openaiCompatibleAllowRemoteHttp,
    log,
  });
}
