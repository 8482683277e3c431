// The next-edit model as the engine calls it (NextEditModel): the chat API the settings choose,
// the answer collected whole (a region is only useful complete). Thinking stays off on DeepSeek:
// a suggestion that arrives after the person moved on is worth nothing.
import { streamDeepSeekChat } from '../../backends/deepseek/chat';
import { ollamaContextFor, streamOllamaChat } from '../../backends/ollama/chat';
import type { ChatMessage } from '../../backends/chatStream';
import type { NextEditModel } from '../../engine/nextEdit/nextEditRequest';
import type { Logger } from '../../engine/types';
import type { NextEditSettings } from './nextEditSettings';

export function nextEditModel(settings: NextEditSettings, apiKey: string | undefined, log: Logger): NextEditModel {
  return async (messages: readonly ChatMessage[], signal: AbortSignal) => {
    const maxTokens = answerTokens(messages);
    const stream = settings.useDeepSeek
      ? streamDeepSeekChat({ baseUrl: settings.deepseekChatBaseUrl, apiKey, model: settings.model, messages, thinking: false, maxTokens, signal, log })
      : streamOllamaChat({
          host: settings.ollamaHost,
          model: settings.model,
          messages,
          signal,
          keepAlive: settings.ollamaKeepAlive,
          allowRemoteHttp: settings.ollamaAllowRemoteHttp,
          numCtx: ollamaContextFor(messages),
          maxTokens,
          log,
        });
    let text = '';
    let next = await stream.next();
    while (!next.done) {
      text += next.value;
      next = await stream.next();
    }
    return { text, finishReason: next.value.finishReason, ...(next.value.usage ? { usage: next.value.usage } : {}) };
  };
}

/** Room for the region rewritten with some growth: about 3 characters a token, half as much again. */
function answerTokens(messages: readonly ChatMessage[]): number {
  const last = messages[messages.length - 1]?.content ?? '';
  const marker = last.lastIndexOf('<|editable_region_start|>');
  const region = marker >= 0 ? last.slice(marker) : last;
  return Math.min(4096, Math.ceil((region.length / 3) * 1.5) + 64);
}
