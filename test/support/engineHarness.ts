// The engine as the editor drives it, for unit tests: one document, asked at a place written
// with a cursor marker ("x = |"), over a FakeBackend that answers by the request's prefix. It
// notes when each request starts and is aborted, and how each ended.
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS, type EngineSettings, type RequestEndInfo } from '../../src/engine/completionEngine';
import { silentLogger, type CompletionBackend } from '../../src/engine/types';
import { FakeBackend } from './fakeBackend';
import { withCursor } from './textDocument';

export function engineHarness(answer: (prefix: string) => string, overrides: Partial<EngineSettings> = {}) {
  const backend = new FakeBackend((request) => answer(request.prefix));
  const starts: number[] = [];
  const aborts: number[] = [];
  const ends: RequestEndInfo[] = [];
  // The same backend (properties a test sets on it later included), noting starts and aborts.
  const timed: CompletionBackend = Object.assign(Object.create(backend) as CompletionBackend, {
    complete: (request: Parameters<CompletionBackend['complete']>[0], signal: AbortSignal) => {
      starts.push(performance.now());
      signal.addEventListener('abort', () => aborts.push(performance.now()), { once: true });
      return backend.complete(request, signal);
    },
  });
  const settings: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0, ...overrides };
  const engine = new CompletionEngine({ backend: () => timed, settings: () => settings, log: silentLogger, events: { onRequestEnd: (info) => ends.push(info) } });
  const input = (marked: string) => {
    const { doc, position } = withCursor(marked);
    return { editorKey: 'doc', document: doc, position };
  };
  const ask = (marked: string, signal = new AbortController().signal) => engine.provide(input(marked), signal);
  return { backend, engine, ask, input, starts, aborts, ends };
}
