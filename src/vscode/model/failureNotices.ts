// Which failures deserve a notification, and with which way out. At most one per distinct
// problem (the id), and none for transient failures: unreachable servers, timeouts, 429/5xx
// and garbage answers are said by the status bar and the log, and requests back off and
// resume on their own.
import type { BackendErrorKind } from '../../engine/errors';
import { english, type Translate } from '../../engine/translate';

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

/**
 * The notification a failed completion request calls for, or undefined for none. `failure.message`
 * is shown as it is: the caller puts it in the display language.
 */
export function noticeForFailure(failure: FailureFacts, t: Translate = english): Notice | undefined {
  const message = t('DeepSeek FIM: {0}', failure.message);
  const SHOW_LOG: NoticeAction = { title: t('Show Log'), command: 'deepseekFim.showLog' };
  switch (failure.kind) {
    case 'modelMissing': {
      const pull = failure.backend === 'ollama';
      return {
        id: `model:${failure.model}`,
        severity: 'warning',
        message,
        actions: [pull ? { title: t('Pull Model'), command: 'deepseekFim.pullModel' } : { title: t('Pick Model'), command: 'deepseekFim.switchBackend' }, SHOW_LOG],
      };
    }
    case 'unauthorized':
      return {
        id: 'unauthorized',
        severity: 'error',
        message,
        actions: [failure.backend === 'deepseek' ? { title: t('Set API Key'), command: 'deepseekFim.setApiKey' } : { title: t('Set Server Token'), command: 'deepseekFim.setServerToken' }],
      };
    case 'noBalance':
      return { id: 'noBalance', severity: 'error', message, actions: [{ title: t('Resume'), command: 'deepseekFim.resume' }] };
    case 'badRequest':
    case 'config':
      return { id: `${failure.kind}:${failure.message}`, severity: 'error', message, actions: [SHOW_LOG] };
    default:
      return undefined;
  }
}

/** The notification for settings that could not make a backend (the way out is the settings). */
export function noticeForBadSettings(message: string, section: string, t: Translate = english): Notice {
  return {
    id: `config:${message}`,
    severity: 'error',
    message: t('DeepSeek FIM: {0}', message),
    actions: [{ title: t('Open Settings'), command: 'workbench.action.openSettings', args: [section] }],
  };
}
