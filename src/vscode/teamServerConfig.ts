// Reads the settings of the team-server backends (OpenAI-compatible servers and llama.cpp).
// URLs and the remote-http opt-ins are machine-scoped: a repository's .vscode/settings.json
// cannot point completions (and the server token) at another machine.
import type { PromptMode } from '../backends/openaiCompatible/openaiCompatibleBackend';
import { readSettings } from './config';
import { TEAM_SERVER_DEFAULTS, type TeamServerSettings } from './teamServerSettings';

export function readTeamServerSettings(): TeamServerSettings {
  // Restricted Mode: the model and prompt settings take only the user's value (see restrictedSettings.ts).
  const c = readSettings();
  // Only the user's own (global) value or the default: never a workspace's.
  const machine = <T>(key: string, fallback: T): T => {
    const inspected = c.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };
  const d = TEAM_SERVER_DEFAULTS;
  return {
    openaiCompatibleBaseUrl: machine('openaiCompatible.baseUrl', d.openaiCompatibleBaseUrl),
    openaiCompatibleAllowRemoteHttp: machine('openaiCompatible.allowRemoteHttp', d.openaiCompatibleAllowRemoteHttp),
    openaiCompatibleModel: c.get('openaiCompatible.model', d.openaiCompatibleModel),
    openaiCompatiblePromptMode: c.get<PromptMode>('openaiCompatible.promptMode', d.openaiCompatiblePromptMode) === 'suffix' ? 'suffix' : 'rendered',
    openaiCompatibleFimTemplate: c.get('openaiCompatible.fimTemplate', d.openaiCompatibleFimTemplate),
    openaiCompatibleServerName: c.get('openaiCompatible.serverName', d.openaiCompatibleServerName),
    llamaCppBaseUrl: machine('llamaCpp.baseUrl', d.llamaCppBaseUrl),
    llamaCppAllowRemoteHttp: machine('llamaCpp.allowRemoteHttp', d.llamaCppAllowRemoteHttp),
    llamaCppModel: c.get('llamaCpp.model', d.llamaCppModel),
  };
}
