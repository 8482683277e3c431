// Reads the deepseekFim.* settings into plain objects for the engine and the backends.
import * as vscode from 'vscode';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../engine/completionEngine';
import type { MultilineSetting } from '../engine/completionMode';
import { effectiveExcludeGlobs } from '../engine/exclusion';
import { isRestrictedSetting } from './restrictedSettings';
import { BACKEND_SETTING_DEFAULTS, ENGINE_SETTING_KEYS } from './settingDefaults';
import { readTeamServerSettings } from './teamServerConfig';
import type { TeamServerSettings } from './teamServerSettings';

export const SECTION = 'deepseekFim';

export type BackendChoice = 'ollama' | 'deepseek' | 'openaiCompatible' | 'llamaCpp' | 'off';

export interface BackendSettings extends TeamServerSettings {
  readonly backend: BackendChoice;
  readonly ollamaHost: string;
  readonly ollamaAllowRemoteHttp: boolean;
  readonly ollamaModel: string;
  readonly ollamaKeepAlive: string;
  /** Ollama's context window for completions, when other files make the prompt long (else the model's own). */
  readonly ollamaNumCtx?: number;
  readonly deepseekBaseUrl: string;
  readonly deepseekChatBaseUrl: string;
  readonly deepseekModel: string;
}

/**
 * The deepseekFim settings. In Restricted Mode, a restricted setting (restrictedSettings.ts)
 * reads only the user's own value or the default: a workspace value of it is ignored.
 */
function config(): vscode.WorkspaceConfiguration {
  const c = vscode.workspace.getConfiguration(SECTION);
  if (vscode.workspace.isTrusted) return c;
  const get = <T>(key: string, fallback?: T): T | undefined => {
    if (!isRestrictedSetting(key)) return c.get<T>(key, fallback as T);
    const inspected = c.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };
  return { has: (key) => c.has(key), inspect: (key) => c.inspect(key), update: (...args) => c.update(...args), get } as vscode.WorkspaceConfiguration;
}

/** The deepseekFim settings as config() reads them (Restricted Mode respected), for other readers. */
export function readSettings(): vscode.WorkspaceConfiguration {
  return config();
}

/**
 * Endpoint settings are machine-scoped in the manifest; reading them through inspect() keeps
 * a workspace value out even if an older VS Code did not enforce the scope.
 */
function machineValue<T>(key: string, fallback: T): T {
  const inspected = config().inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

export function readBackendSettings(): BackendSettings {
  const c = config();
  const d = BACKEND_SETTING_DEFAULTS;
  const engine = readEngineSettings();
  return {
    backend: machineValue<BackendChoice>('backend', d.backend),
    ollamaHost: machineValue<string>('ollama.host', d['ollama.host']),
    ollamaAllowRemoteHttp: machineValue<boolean>('ollama.allowRemoteHttp', d['ollama.allowRemoteHttp']),
    ollamaModel: c.get<string>('ollama.model', d['ollama.model']),
    ollamaKeepAlive: c.get<string>('ollama.keepAlive', d['ollama.keepAlive']),
    ollamaNumCtx: ollamaContextWindow(engine.maxChars, engine.otherFilesMaxChars, engine.maxTokens),
    deepseekBaseUrl: machineValue<string>('deepseek.baseUrl', d['deepseek.baseUrl']),
    deepseekChatBaseUrl: machineValue<string>('deepseek.chatBaseUrl', d['deepseek.chatBaseUrl']),
    deepseekModel: c.get<string>('deepseek.model', d['deepseek.model']),
    ...readTeamServerSettings(),
  };
}

/** The engine's settings, each from its key in ENGINE_SETTING_KEYS, falling back on DEFAULT_ENGINE_SETTINGS. */
export function readEngineSettings(): EngineSettings {
  const c = config();
  const d = DEFAULT_ENGINE_SETTINGS;
  const k = ENGINE_SETTING_KEYS;
  const debounceMs = c.get<number>(k.debounceMs, d.debounceMs);
  return {
    maxChars: c.get<number>(k.maxChars, d.maxChars),
    suffixShare: c.get<number>(k.suffixShare, d.suffixShare),
    multiline: c.get<MultilineSetting>(k.multiline, d.multiline),
    maxLines: c.get<number>(k.maxLines, d.maxLines),
    maxTokens: Math.min(4096, c.get<number>(k.maxTokens, d.maxTokens)),
    temperature: c.get<number>(k.temperature, d.temperature),
    debounceMs,
    minDebounceMs: Math.min(c.get<number>(k.minDebounceMs, d.minDebounceMs), debounceMs),
    requestTimeoutMs: c.get<number>(k.requestTimeoutMs, d.requestTimeoutMs),
    maxGenerationMs: c.get<number>(k.maxGenerationMs, d.maxGenerationMs),
    speculative: c.get<boolean>(k.speculative, d.speculative),
    speculativeWhenBilled: c.get<boolean>(k.speculativeWhenBilled, d.speculativeWhenBilled),
    otherFilesMaxChars: Math.max(0, Math.floor(c.get<number>(k.otherFilesMaxChars, d.otherFilesMaxChars))),
  };
}

/**
 * A context window that holds the prompt with other files and the answer: Ollama cuts a longer
 * raw prompt from its start, which would drop the FIM begin token. A power of two, so the
 * window (and with it the loaded model) changes only when the budgets change a lot.
 * Undefined when other files are off: the model's own window, as without them.
 */
export function ollamaContextWindow(maxChars: number, otherChars: number, maxTokens: number): number | undefined {
  if (otherChars <= 0) return undefined;
  // Code runs about 3 characters per token in DeepSeek Coder's tokenizer; a quarter more for safety.
  const needed = Math.ceil(((maxChars + otherChars) / 3) * 1.25) + Math.min(4096, maxTokens);
  let size = 4096;
  while (size < needed && size < 131_072) size *= 2;
  return size;
}

export type TriggerMode = 'automatic' | 'manual';

/** Manual: completions only when asked (Alt+\\, editor.action.inlineSuggest.trigger), never while typing. */
export function readTriggerMode(): TriggerMode {
  return config().get<TriggerMode>('triggerMode', 'automatic') === 'manual' ? 'manual' : 'automatic';
}

export function readEnableMap(): Record<string, boolean> {
  return config().get<Record<string, boolean>>('enable', { '*': true });
}

/**
 * The exclusion globs in force for a document (or the window): the built-in secret files, the
 * user's own list on top (a "!" entry drops a built-in one), and whatever the workspace or the
 * folder adds. A workspace can only add: a repository cannot re-enable a secret file.
 */
export function readExcludeGlobs(scope?: vscode.Uri): string[] {
  const inspected = vscode.workspace.getConfiguration(SECTION, scope).inspect<unknown>('exclude');
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  const fromWorkspace = [...strings(inspected?.workspaceValue), ...strings(inspected?.workspaceFolderValue)];
  return effectiveExcludeGlobs(strings(inspected?.globalValue), fromWorkspace);
}

export function allowHostedInUntrusted(): boolean {
  return machineValue<boolean>('allowHostedInUntrustedWorkspaces', BACKEND_SETTING_DEFAULTS.allowHostedInUntrustedWorkspaces);
}

export async function updateUserSetting(key: string, value: unknown): Promise<void> {
  await config().update(key, value, vscode.ConfigurationTarget.Global);
}
