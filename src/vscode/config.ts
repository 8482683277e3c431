// Reads the deepseekFim.* settings into plain objects for the engine and the backends.
import * as vscode from 'vscode';
import type { EngineSettings } from '../engine/completionEngine';
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
  };
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
