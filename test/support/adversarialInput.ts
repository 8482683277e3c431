// Adversarial inputs of 1 MB for every function that sees model output, server text or
// document text. Shared by `npm run bench` (test/bench/adversarialBench.ts, which requires each
// under 50 ms) and the unit tests (test/unit/adversarialInput.test.ts).
//
// Each case is the input that made a backtracking regex or a rescanning buffer quadratic:
// runs of one character that almost, but never, complete a match, and huge lines in tiny chunks.
import { OllamaBackend } from '../../src/backends/ollama/completion';
import { scrubDeepSeekText } from '../../src/backends/deepseek/errors';
import { scrubSecrets } from '../../src/engine/errors';
import { isExcludedPath, DEFAULT_EXCLUDE_GLOBS } from '../../src/engine/exclusion';
import { fimStopSequences, neutraliseSpecialTokens } from '../../src/engine/fimTemplate';
import { LineCounter, LineSplitter } from '../../src/engine/lineSplitter';
import { postprocess } from '../../src/engine/postprocess';
import { buildPromptWindow } from '../../src/engine/promptWindow';
import { cleanAnswer } from '../../src/engine/refactor/cleanAnswer';
import { markdownText, shownText } from '../../src/engine/untrustedText';
import { textDocument } from './textDocument';

export const ONE_MB = 1_000_000;

export interface AdversarialCase {
  readonly name: string;
  /** Runs the function on its input once; rejects if it did not do what it must. */
  run(): Promise<void> | void;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

/** A fetch that answers with `body` in chunks of `chunkSize` bytes, with the given status. */
function chunkedFetch(status: number, body: string, chunkSize: number, contentType: string): typeof fetch {
  return async () => {
    const bytes = new TextEncoder().encode(body);
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        // Many small chunks per pull: the cost measured is the reader's, not the stream's.
        for (let n = 0; n < 256 && offset < bytes.length; n++, offset += chunkSize) controller.enqueue(bytes.subarray(offset, offset + chunkSize));
      },
    });
    return new Response(stream, { status, headers: { 'content-type': contentType } });
  };
}

async function drainOllama(fetchImpl: typeof fetch): Promise<{ text: string; error: unknown }> {
  const backend = new OllamaBackend({ host: 'http://127.0.0.1:9', model: 'm', keepAlive: '30m', fetch: fetchImpl });
  let text = '';
  try {
    const request = { model: 'm', prefix: 'a', suffix: 'b', maxTokens: 16, temperature: 0, stop: fimStopSequences(false) };
    for await (const event of backend.complete(request, new AbortController().signal)) if (event.type === 'text') text += event.text;
  } catch (error) {
    return { text, error };
  }
  return { text, error: undefined };
}

const stars = '*'.repeat(ONE_MB);
const spaces = ' '.repeat(ONE_MB);

export const ADVERSARIAL_CASES: readonly AdversarialCase[] = [
  { name: 'scrubSecrets: 1 MB of asterisks (a log line)', run: () => check(scrubSecrets(stars) === stars, 'changed') },
  { name: 'scrubDeepSeekText: 1 MB of asterisks (an error body)', run: () => check(scrubDeepSeekText(stars, 'sk-0123456789abcdef') === '[key]', 'not scrubbed') },
  {
    name: 'Ollama stream line reader: one 1 MB line as 16-byte chunks, decoded and split',
    run: () => {
      // What the transport's guard does with each chunk the network hands it.
      const bytes = new TextEncoder().encode(`{"response":"${'x'.repeat(ONE_MB - 20)}"}\n`);
      const decoder = new TextDecoder();
      const splitter = new LineSplitter();
      const lines: string[] = [];
      for (let offset = 0; offset < bytes.length; offset += 16) lines.push(...splitter.push(decoder.decode(bytes.subarray(offset, offset + 16), { stream: true })));
      check(lines.length === 1 && lines[0].length === ONE_MB - 5, 'line not whole');
    },
  },
  {
    name: 'Ollama stream end to end: a 1 MB answer line in 4 KB chunks, through the client',
    run: async () => {
      const line = `{"model":"m","created_at":"2026-01-01T00:00:00Z","response":"${'x'.repeat(ONE_MB - 100)}","done":false}\n`;
      const done = '{"model":"m","created_at":"2026-01-01T00:00:00Z","response":"","done":true,"done_reason":"stop"}\n';
      const { text, error } = await drainOllama(chunkedFetch(200, line + done, 4096, 'application/x-ndjson'));
      check(error === undefined && text.length === ONE_MB - 100, `stream not read whole: ${String(error)}`);
    },
  },
  {
    name: 'Ollama error: a 500 whose body is 1 MB of asterisks, message scrubbed',
    run: async () => {
      const { error } = await drainOllama(chunkedFetch(500, stars, 4096, 'text/plain'));
      check(error instanceof Error, 'no error');
      scrubSecrets(`${(error as Error).message} ${String((error as { detail?: unknown }).detail)}`);
    },
  },
  {
    name: 'refactor cleaner: code, 1 MB of spaces, code',
    run: () => check(cleanAnswer(`a${spaces}b\n`, { text: 'x\n', linePrefix: '' }).code.length > ONE_MB, 'lost text'),
  },
  {
    name: 'refactor cleaner: a fence line of 1 MB of backticks',
    run: () => void cleanAnswer('`'.repeat(ONE_MB) + 'x`\ncode\n', { text: 'x\n', linePrefix: '' }),
  },
  {
    name: 'refactor progress: 1 MB answer in 16-byte pieces, lines counted',
    run: () => {
      const counter = new LineCounter();
      const piece = 'abcdefghijklmn\n';
      let lines = 0;
      for (let i = 0; i < ONE_MB / 16; i++) lines = counter.add(piece);
      check(lines === ONE_MB / 16 + 1, 'miscounted');
    },
  },
  {
    name: 'reasoning log: one 1 MB line in 16-byte pieces',
    run: () => {
      const splitter = new LineSplitter();
      const piece = 'x'.repeat(16);
      for (let i = 0; i < ONE_MB / 16; i++) splitter.push(piece);
      check(splitter.end().length === ONE_MB, 'lost text');
    },
  },
  {
    name: 'completion filters: 1 MB of "<｜" and whitespace-only lines from the model',
    run: () => void postprocess('<\uFF5C'.repeat(ONE_MB / 4) + ' \n'.repeat(ONE_MB / 4), { linePrefix: '', lineSuffix: ')', suffixBelow: 'x\n'.repeat(1000), multiline: true, maxLines: 16 }),
  },
  { name: 'neutraliseSpecialTokens: 1 MB of "<｜"', run: () => check(!neutraliseSpecialTokens('<\uFF5C'.repeat(ONE_MB / 2)).includes('<\uFF5C'), 'token left') },
  { name: 'shownText: 1 MB of "[](" and spaces (a server error body)', run: () => check(shownText('[]( '.repeat(ONE_MB / 4)).length <= 300, 'not capped') },
  { name: 'markdownText: 1 MB of Markdown syntax', run: () => check(markdownText('*_`$&\\'.repeat(ONE_MB / 6)).length <= 600, 'not capped') },
  { name: 'isExcludedPath: a 1 MB path against the default globs', run: () => void isExcludedPath('/a'.repeat(ONE_MB / 4) + '/' + 'id_rs'.repeat(ONE_MB / 10), DEFAULT_EXCLUDE_GLOBS, { caseInsensitive: true }) },
  {
    name: 'prompt window: cursor at the end of a 1 MB line',
    run: () => {
      const doc = textDocument('x'.repeat(ONE_MB));
      check(buildPromptWindow(doc, { line: 0, character: ONE_MB }, { maxChars: 6000, suffixShare: 0.15 }).prefix.length <= 6000, 'window too big');
    },
  },
];

/** Runs a case `repeats` times; the best time, in ms (the machine is shared: the best is the function's own cost). */
export async function timeCase(testCase: AdversarialCase, repeats = 3): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await testCase.run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
