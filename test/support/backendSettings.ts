// Backend settings as a fresh install reads them (the defaults the settings reader falls back
// on), with a test's own values on top: one place for the tests that build backends.
import type { BackendSettings } from '../../src/vscode/config';
import { BACKEND_SETTING_DEFAULTS as D } from '../../src/vscode/settingDefaults';
import { TEAM_SERVER_DEFAULTS } from '../../src/vscode/teamServerSettings';

export function backendSettings(overrides: Partial<BackendSettings> = {}): BackendSettings {
  return {
    backend: D.backend,
    ollamaHost: D['ollama.host'],
    ollamaAllowRemoteHttp: D['ollama.allowRemoteHttp'],
    ollamaModel: D['ollama.model'],
    ollamaKeepAlive: D['ollama.keepAlive'],
    deepseekBaseUrl: D['deepseek.baseUrl'],
    deepseekChatBaseUrl: D['deepseek.chatBaseUrl'],
    deepseekModel: D['deepseek.model'],
    ...TEAM_SERVER_DEFAULTS,
    ...overrides,
  };
}
