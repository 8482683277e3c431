// The settings "Refactor Selection" reads, fresh for every run.
import { resolveOllamaHost } from '../../backends/endpointPolicy';
import { DEFAULT_DEEPSEEK_MODEL } from '../../engine/pricing/priceTable';
import { readBackendSettings, readSettings } from '../config';

export const REFACTOR_COMMAND = 'deepseekFim.refactorSelection';
/** The same model as completion: DeepSeek's current Flash model. */
export const DEFAULT_REFACTOR_DEEPSEEK_MODEL = DEFAULT_DEEPSEEK_MODEL;
/** An instruct model: base models are trained for fill-in-the-middle, not for following instructions. */
export const DEFAULT_REFACTOR_OLLAMA_MODEL = 'deepseek-coder:6.7b-instruct';
export const DEFAULT_REFACTOR_CONTEXT_CHARS = 4000;
const MAX_CONTEXT_CHARS = 200_000;

export interface RefactorSettings {
  /** DeepSeek's chat API when the backend setting is "deepseek"; Ollama's /api/chat otherwise. */
  readonly useDeepSeek: boolean;
  /** Machine-scoped (read through inspect() by readBackendSettings): no workspace can redirect code. */
  readonly deepseekChatBaseUrl: string;
  readonly deepseekModel: string;
  readonly thinking: boolean;
  readonly ollamaHost: string;
  readonly ollamaAllowRemoteHttp: boolean;
  readonly ollamaKeepAlive: string;
  readonly ollamaModel: string;
  /** Characters of surrounding code sent with the selection (before and after together). */
  readonly contextChars: number;
}

export function readRefactorSettings(): RefactorSettings {
  const backend = readBackendSettings();
  // Restricted Mode: only the user's own refactor settings count (see restrictedSettings.ts).
  const config = readSettings();
  const contextChars = config.get<number>('refactor.contextChars', DEFAULT_REFACTOR_CONTEXT_CHARS);
  return {
    useDeepSeek: backend.backend === 'deepseek',
    deepseekChatBaseUrl: backend.deepseekChatBaseUrl,
    deepseekModel: config.get<string>('refactor.deepseekModel', DEFAULT_REFACTOR_DEEPSEEK_MODEL).trim() || DEFAULT_REFACTOR_DEEPSEEK_MODEL,
    thinking: config.get<boolean>('refactor.thinking', false) === true,
    ollamaHost: resolveOllamaHost(backend.ollamaHost),
    ollamaAllowRemoteHttp: backend.ollamaAllowRemoteHttp,
    ollamaKeepAlive: backend.ollamaKeepAlive,
    ollamaModel: config.get<string>('refactor.ollamaModel', DEFAULT_REFACTOR_OLLAMA_MODEL).trim() || DEFAULT_REFACTOR_OLLAMA_MODEL,
    contextChars: Number.isFinite(contextChars) ? Math.min(MAX_CONTEXT_CHARS, Math.max(0, Math.floor(contextChars))) : DEFAULT_REFACTOR_CONTEXT_CHARS,
  };
}

export function refactorModel(settings: RefactorSettings): string {
  return settings.useDeepSeek ? settings.deepseekModel : settings.ollamaModel;
}
