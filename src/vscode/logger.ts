// The "DeepSeek FIM" LogOutputChannel, behind the engine's Logger interface.
import * as vscode from 'vscode';
import { scrubSecrets } from '../engine/errors';
import { capText } from '../engine/untrustedText';
import type { Logger } from '../engine/types';

/** Longer lines are cut (with an ellipsis). */
export const MAX_LOG_LINE_CHARS = 8000;

export function createLogger(channel: vscode.LogOutputChannel, ...currentKeys: (() => string | undefined)[]): Logger {
  // Every line is scrubbed of anything that looks like a key: a log is often pasted in issues.
  // A line is capped too: a server's multi-megabyte error body must not become one log line.
  const clean = (message: string) => capText(currentKeys.reduce((text, key) => scrubSecrets(text, key()), message), MAX_LOG_LINE_CHARS);
  return {
    trace: (m) => channel.trace(clean(m)),
    debug: (m) => channel.debug(clean(m)),
    info: (m) => channel.info(clean(m)),
    warn: (m) => channel.warn(clean(m)),
    error: (m) => channel.error(clean(m)),
  };
}
