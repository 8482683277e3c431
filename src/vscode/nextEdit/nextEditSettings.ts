// The settings next-edit suggestions read, fresh for every request.
import { resolveOllamaHost } from '../../backends/endpointPolicy';
import { readBackendSettings, readSettings, type BackendChoice } from '../config';
import { DEFAULT_DEEPSEEK_MODEL } from '../../engine/pricing/priceTable';

export const NEXT_EDIT_TAB_COMMAND = 'deepseekFim.nextEdit.tab';
export const NEXT_EDIT_DISMISS_COMMAND = 'deepseekFim.nextEdit.dismiss';
/** True while a next edit is shown: Tab and Escape are ours then (package.json keybindings). */
export const NEXT_EDIT_SHOWN_KEY = 'deepseekFim.nextEditShown';

export const DEFAULT_NEXT_EDIT_OLLAMA_MODEL = 'deepseek-coder:6.7b-instruct';
export const DEFAULT_NEXT_EDIT_DEEPSEEK_MODEL = DEFAULT_DEEPSEEK_MODEL;
export const DEFAULT_NEXT_EDIT_PAUSE_MS = 600;

export interface NextEditSettings {
  readonly enabled: boolean;
  readonly backend: BackendChoice;
  /** The chat API the backend setting points at: DeepSeek's, or Ollama's /api/chat. */
  readonly useDeepSeek: boolean;
  readonly model: string;
  /** Quiet time after an edit before the model is asked. */
  readonly pauseMs: number;
  /** Machine-scoped (read through inspect() by readBackendSettings). */
  readonly deepseekChatBaseUrl: string;
  readonly ollamaHost: string;
  readonly ollamaAllowRemoteHttp: boolean;
  readonly ollamaKeepAlive: string;
}

export function readNextEditSettings(): NextEditSettings {
  const backend = readBackendSettings();
  const config = readSettings();
  const useDeepSeek = backend.backend === 'deepseek';
  const model = useDeepSeek
    ? config.get<string>('nextEdit.deepseekModel', DEFAULT_NEXT_EDIT_DEEPSEEK_MODEL).trim() || DEFAULT_NEXT_EDIT_DEEPSEEK_MODEL
    : config.get<string>('nextEdit.ollamaModel', DEFAULT_NEXT_EDIT_OLLAMA_MODEL).trim() || DEFAULT_NEXT_EDIT_OLLAMA_MODEL;
  const pauseMs = config.get<number>('nextEdit.pauseMs', DEFAULT_NEXT_EDIT_PAUSE_MS);
  return {
    enabled: config.get<boolean>('nextEdit.enabled', false) === true,
    backend: backend.backend,
    useDeepSeek,
    model,
    pauseMs: Number.isFinite(pauseMs) ? Math.min(5000, Math.max(100, Math.floor(pauseMs))) : DEFAULT_NEXT_EDIT_PAUSE_MS,
    deepseekChatBaseUrl: backend.deepseekChatBaseUrl,
    ollamaHost: resolveOllamaHost(backend.ollamaHost),
    ollamaAllowRemoteHttp: backend.ollamaAllowRemoteHttp,
    ollamaKeepAlive: backend.ollamaKeepAlive,
  };
}

/** Next edits talk to Ollama's or DeepSeek's chat API; the other backends have no next-edit path yet. */
export function nextEditSupported(backend: BackendChoice): boolean {
  return backend === 'ollama' || backend === 'deepseek';
}
