// Which failures deserve a notification, and with which way out. At most one per distinct
// problem (the id), and none for transient failures: unreachable servers, timeouts, 429/5xx
// and garbage answers are said by the status bar and the log, and requests back off and
// resume on their own.
import type { BackendErrorKind } from '../../engine/errors';

export interface NoticeAction {
  readonly title: string;
  /** The command the button runs, with its arguments. */
  readonly command: string;
  readonly args?: readonly unknown[];
}

export interface Notice {
  /** Notices with the same id are shown once per session. */
  readonly id: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly actions: readonly NoticeAction[];
}

export interface FailureFacts {
  readonly kind: BackendErrorKind;
  readonly message: string;
  /** The backend chosen in deepseekFim.backend. */
  readonly backend: string;
  /** The model the failed request asked for. */
  readonly model: string | undefined;
}

const SHOW_LOG: NoticeAction = { title: 'Show Log', command: 'deepseekFim.showLog' };

/** The notification a failed completion request calls for, or undefined for none. */
export function noticeForFailure(failure: FailureFacts): Notice | undefined {
  const message = `DeepSeek FIM: ${failure.message}`;
  switch (failure.kind) {
    case 'modelMissing': {
      const pull = failure.backend === 'ollama';
      return {
        id: `model:${failure.model}`,
        severity: 'warning',
        message,
        actions: [pull ? { title: 'Pull Model', command: 'deepseekFim.pullModel' } : { title: 'Pick Model', command: 'deepseekFim.switchBackend' }, SHOW_LOG],
      };
    }
    case 'unauthorized':
      return {
        id: 'unauthorized',
        severity: 'error',
        message,
        actions: [failure.backend === 'deepseek' ? { title: 'Set API Key', command: 'deepseekFim.setApiKey' } : { title: 'Set Server Token', command: 'deepseekFim.setServerToken' }],
      };
    case 'noBalance':
      return { id: 'noBalance', severity: 'error', message, actions: [{ title: 'Resume', command: 'deepseekFim.resume' }] };
    case 'badRequest':
    case 'config':
      return { id: `${failure.kind}:${failure.message}`, severity: 'error', message, actions: [SHOW_LOG] };
    default:
      return undefined;
  }
}

/** The notification for settings that could not make a backend (the way out is the settings). */
export function noticeForBadSettings(message: string, section: string): Notice {
  return {
    id: `config:${message}`,
    severity: 'error',
    message: `DeepSeek FIM: ${message}`,
    actions: [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: [section] }],
  };
}
