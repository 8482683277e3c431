// What the chat streams of both vendors (DeepSeek's /chat/completions, Ollama's /api/chat) share:
// they stream the answer's text as it arrives and end with how the answer ended, so that a
// cut-off answer is never taken for a whole one.
import type { ChatMessage } from '../engine/refactor/buildRefactorPrompt';
import type { TokenUsage } from '../engine/types';

export type { ChatMessage } from '../engine/refactor/buildRefactorPrompt';

/** How a chat answer ended. */
export interface ChatStreamEnd {
  /** 'length': the answer was cut at the output limit and is not whole. */
  readonly finishReason: 'stop' | 'length' | 'other';
  readonly usage?: TokenUsage;
}

/** The prompt's size in characters, for logs and for sizing a context window. */
export function promptChars(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + m.content.length, 0);
}
