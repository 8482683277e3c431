// Reads the deepseekFim.* settings into plain objects for the engine and the backends.
import * as vscode from 'vscode';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../engine/completionEngine';
import type { MultilineSetting } from '../engine/completionMode';
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

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
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

export function readExcludeGlobs(): string[] {
  return machineValue<string[]>('exclude', []);
}

export function allowHostedInUntrusted(): boolean {
  return machineValue<boolean>('allowHostedInUntrustedWorkspaces', false);
}

export async function updateUserSetting(key: string, value: unknown): Promise<void> {
  await config().update(key, value, vscode.ConfigurationTarget.Global);
}
