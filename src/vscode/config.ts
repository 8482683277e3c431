// Reads the deepseekFim.* settings into plain objects for the engine and the backends.
import * as vscode from 'vscode';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../engine/completionEngine';
import type { MultilineSetting } from '../engine/completionMode';
import { effectiveExcludeGlobs } from '../engine/exclusion';
import { isRestrictedSetting } from './restrictedSettings';
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
  return {
    backend: machineValue<BackendChoice>('backend', 'ollama'),
    ollamaHost: machineValue<string>('ollama.host', ''),
    ollamaAllowRemoteHttp: machineValue<boolean>('ollama.allowRemoteHttp', false),
    ollamaModel: c.get<string>('ollama.model', 'deepseek-coder:1.3b-base'),
    ollamaKeepAlive: c.get<string>('ollama.keepAlive', '30m'),
    ollamaNumCtx: ollamaContextWindow(c.get<number>('context.maxChars', 6000), otherFilesMaxChars(c), c.get<number>('maxTokens', 256)),
    deepseekBaseUrl: machineValue<string>('deepseek.baseUrl', 'https://api.deepseek.com/beta'),
    deepseekChatBaseUrl: machineValue<string>('deepseek.chatBaseUrl', 'https://api.deepseek.com'),
    deepseekModel: c.get<string>('deepseek.model', 'deepseek-v4-flash'),
    ...readTeamServerSettings(),
  };
}

export function readEngineSettings(): EngineSettings {
  const c = config();
  return {
    maxChars: c.get<number>('context.maxChars', 6000),
    suffixShare: c.get<number>('context.suffixShare', 0.15),
    multiline: c.get<MultilineSetting>('multiline', 'auto'),
    maxLines: c.get<number>('maxLines', 16),
    maxTokens: Math.min(4096, c.get<number>('maxTokens', 256)),
    temperature: c.get<number>('temperature', 0.1),
    debounceMs: c.get<number>('debounceMs', 200),
    minDebounceMs: Math.min(c.get<number>('minDebounceMs', 0), c.get<number>('debounceMs', 200)),
    requestTimeoutMs: c.get<number>('requestTimeoutMs', 20000),
    maxGenerationMs: c.get<number>('maxGenerationMs', 5000),
    speculative: c.get<boolean>('speculative', true),
    speculativeWhenBilled: c.get<boolean>('deepseek.speculative', DEFAULT_ENGINE_SETTINGS.speculativeWhenBilled),
    otherFilesMaxChars: otherFilesMaxChars(c),
  };
}

function otherFilesMaxChars(c: vscode.WorkspaceConfiguration): number {
  return Math.max(0, Math.floor(c.get<number>('context.otherFilesMaxChars', 12000)));
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
  return machineValue<boolean>('allowHostedInUntrustedWorkspaces', false);
}

export async function updateUserSetting(key: string, value: unknown): Promise<void> {
  await config().update(key, value, vscode.ConfigurationTarget.Global);
}
