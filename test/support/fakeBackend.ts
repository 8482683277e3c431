// A scripted in-process backend for engine tests: answers through a function, streams in
// chunks with delays, honours the abort signal, and records what it was asked.
import type { CompletionBackend, CompletionRequest, StreamEvent } from '../../src/engine/types';

export interface FakeCall {
  readonly request: CompletionRequest;
  aborted: boolean;
  finished: boolean;
}

export class FakeBackend implements CompletionBackend {
  readonly label = 'Fake';
  readonly calls: FakeCall[] = [];
  firstTokenMs = 5;
  perChunkMs = 1;
  chunkSize = 4;
  failWith: Error | undefined;
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    public answer: (request: CompletionRequest) => string,
    readonly model = 'fake-model',
  ) {}

  async *complete(request: CompletionRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    const call: FakeCall = { request, aborted: false, finished: false };
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await delay(this.firstTokenMs, signal, call);
      if (this.failWith) throw this.failWith;
      const text = this.answer(request);
      for (let i = 0; i < text.length; i += this.chunkSize) {
        yield { type: 'text', text: text.slice(i, i + this.chunkSize) };
        await delay(this.perChunkMs, signal, call);
      }
      call.finished = true;
      yield { type: 'done', finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 5 } };
    } finally {
      this.inFlight--;
    }
  }
}

function delay(ms: number, signal: AbortSignal, call: FakeCall): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      call.aborted = true;
      const error = new Error('aborted');
      error.name = 'AbortError';
      reject(error);
    };
    if (signal.aborted) return abort();
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal.addEventListener('abort', abort, { once: true });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
