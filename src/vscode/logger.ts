// The "DeepSeek FIM" LogOutputChannel, behind the engine's Logger interface.
import * as vscode from 'vscode';
import { scrubSecrets } from '../engine/errors';
import type { Logger } from '../engine/types';

export function createLogger(channel: vscode.LogOutputChannel, ...currentKeys: (() => string | undefined)[]): Logger {
  // Every line is scrubbed of anything that looks like a key: a log is often pasted in issues.
  const clean = (message: string) => currentKeys.reduce((text, key) => scrubSecrets(text, key()), message);
  return {
    trace: (m) => channel.trace(clean(m)),
    debug: (m) => channel.debug(clean(m)),
    info: (m) => channel.info(clean(m)),
    warn: (m) => channel.warn(clean(m)),
    error: (m) => channel.error(clean(m)),
  };
}
