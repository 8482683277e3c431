// Which deepseekFim setting feeds which engine and backend field, and the defaults the settings
// reader falls back on. The engine's defaults are DEFAULT_ENGINE_SETTINGS; the backend's are
// here; test/unit/settingDefaults.test.ts fails when either disagrees with package.json, so the
// manifest, the engine and the reader cannot drift apart. No `vscode` import: plain-Node tested.
import type { EngineSettings } from '../engine/completionEngine';
import { DEFAULT_DEEPSEEK_MODEL } from '../engine/pricing/priceTable';

/** The setting (under `deepseekFim.`) each engine field is read from. */
export const ENGINE_SETTING_KEYS: { readonly [K in keyof EngineSettings]: string } = {
  maxChars: 'context.maxChars',
  suffixShare: 'context.suffixShare',
  multiline: 'multiline',
  maxLines: 'maxLines',
  maxTokens: 'maxTokens',
  temperature: 'temperature',
  debounceMs: 'debounceMs',
  minDebounceMs: 'minDebounceMs',
  requestTimeoutMs: 'requestTimeoutMs',
  maxGenerationMs: 'maxGenerationMs',
  speculative: 'speculative',
  speculativeWhenBilled: 'deepseek.speculative',
  otherFilesMaxChars: 'context.otherFilesMaxChars',
};

/** Defaults of the backend settings the reader falls back on (package.json holds the same). */
export const BACKEND_SETTING_DEFAULTS = {
  backend: 'ollama',
  'ollama.host': '',
  'ollama.allowRemoteHttp': false,
  'ollama.model': 'deepseek-coder:1.3b-base',
  'ollama.keepAlive': '30m',
  'deepseek.baseUrl': 'https://api.deepseek.com/beta',
  'deepseek.chatBaseUrl': 'https://api.deepseek.com',
  'deepseek.model': DEFAULT_DEEPSEEK_MODEL,
  allowHostedInUntrustedWorkspaces: false,
} as const;
