// The bench's model of a local server: the prompt is rendered as the Ollama backend renders it,
// and the first token waits for the server's slot and for the prompt tokens its KV cache lacks
// (test/fixtures/kvCacheModel.ts), on the bench's virtual clock. The answer stays the oracle's,
// so what is measured is what prompt layout and request discipline cost.
import { DEEPSEEK_CODER_TEMPLATE, renderFimPrompt } from '../../src/engine/fimRender';
import { abortError } from '../../src/backends/openaiStream';
import { buildFimPrompt } from '../../src/engine/fimTemplate';
import type { CompletionRequest } from '../../src/engine/types';
import type { KvCacheModel, PromptProcessing } from '../fixtures/kvCacheModel';
import { wait, type Generation, type ModelServer, type ModelTiming } from './oracleModel';

/** 'written-middle': the extension's layout; 'classic': the typed part ends the prefix (the layout before issue 20). */
export type PromptLayout = 'written-middle' | 'classic';

export interface ServedPrompt {
  readonly processing: PromptProcessing;
  /** Same cursor line as the request before it, with some of the line typed: a keystroke within a line. */
  readonly withinLine: boolean;
  /** Characters of the line typed since the request before (within a line; else the typed part). */
  readonly typedSincePrevious: number;
}

export class LaptopServer implements ModelServer {
  readonly served: ServedPrompt[] = [];
  private lastLineHead: string | undefined;
  private lastTyped = 0;

  constructor(
    private readonly cache: KvCacheModel,
    private readonly layout: PromptLayout,
  ) {}

  async untilFirstToken(request: CompletionRequest, signal: AbortSignal, timing: ModelTiming): Promise<Generation> {
    const prompt = this.layout === 'classic' ? buildFimPrompt(request.prefix, request.suffix) : renderFimPrompt(DEEPSEEK_CODER_TEMPLATE, request);
    const lineStart = request.prefix.lastIndexOf('\n') + 1;
    const lineHead = request.prefix.slice(0, lineStart);
    const typed = request.prefix.length - lineStart;
    const withinLine = lineHead === this.lastLineHead && typed > 0;
    const typedSincePrevious = withinLine ? typed - this.lastTyped : typed;
    this.lastLineHead = lineHead;
    this.lastTyped = typed;
    const { lease, processing } = await this.cache.process(prompt, signal);
    this.served.push({ processing, withinLine, typedSincePrevious });
    if (!lease) throw abortError();
    // The first token is one decoding step after the prompt.
    try {
      await wait(timing.perTokenMs, signal);
    } catch (error) {
      lease.release();
      throw error;
    }
    let generated = 0;
    return {
      noteToken: (text) => {
        generated++;
        lease.noteGenerated(text);
      },
      end: () => lease.release(),
      // As Ollama reports it: only the prompt tokens it processed, and their time.
      timings: () => ({ promptTokens: processing.processedTokens, promptMs: processing.promptMs, generatedTokens: generated, generationMs: generated * timing.perTokenMs }),
    };
  }
}
