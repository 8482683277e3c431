// The bad-document matrix at the engine level: the in-memory document
// of test/support/textDocument.ts and an in-process backend (test/support/fakeBackend.ts).
// Where a completion is shown it is accepted as VS Code would (insertText over replaceLength
// characters at the cursor, in the document's line ending) and the document is checked
// character for character.
//
// Cases that need VS Code itself (untitled, read-only, notebook cells, output/log/search/SCM
// documents, multi-cursor) are decided in src/vscode/sendPolicy.ts and belong to the
// real-VS-Code suites.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS, type EngineCompletion, type EngineSettings } from '../../src/engine/completionEngine';
import { silentLogger, type CompletionRequest, type CursorPosition } from '../../src/engine/types';
import { FakeBackend, sleep } from '../support/fakeBackend';
import { textDocument, withCursor, type CountingDocument } from '../support/textDocument';

const SETTINGS: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0 };

function setup(answer: (request: CompletionRequest) => string, overrides: Partial<EngineSettings> = {}) {
  const backend = new FakeBackend(answer);
  backend.firstTokenMs = 0;
  backend.perChunkMs = 0;
  backend.chunkSize = 1 << 20;
  const settings = { ...SETTINGS, ...overrides };
  const late = new Set<string>();
  const engine = new CompletionEngine({ backend: () => backend, settings: () => settings, log: silentLogger, events: { onLateCompletion: (key) => late.add(key) } });
  let next = 0;
  /**
   * One provider call. A multi-line answer may first be shown as its complete lines while the
   * rest streams (partial); the editor layer asks again when the engine reports the late rest,
   * and that second answer is the one accepted here.
   */
  const ask = async (doc: CountingDocument, position: CursorPosition) => {
    const editorKey = `doc-${next++}`;
    const first = await engine.provide({ editorKey, document: doc, position, explicit: true }, new AbortController().signal);
    if (!first?.partial) return first;
    await until(() => late.has(editorKey));
    const whole = await engine.provide({ editorKey, document: doc, position, explicit: true }, new AbortController().signal);
    assert.ok(whole && whole.insertText.startsWith(first.insertText), 'the rest extends the lines already shown');
    return whole;
  };
  return { backend, engine, ask };
}

async function until(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    assert.ok(performance.now() < deadline, 'timed out');
    await sleep(2);
  }
}

/** The offset in `text` of a position, whatever line ending each line has. */
function offsetOf(text: string, position: CursorPosition): number {
  const breaks = /\r?\n/g;
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const found = breaks.exec(text);
    assert.ok(found, `no line ${position.line}`);
    offset = found.index + found[0].length;
  }
  return offset + position.character;
}

/**
 * Accepting the completion as VS Code does: the engine's `\n` text in the document's line
 * ending (src/vscode/documentView.ts toDocumentEol), over replaceLength characters of the line.
 */
function accept(text: string, offset: number, completion: EngineCompletion, eol: '\n' | '\r\n'): string {
  const insert = eol === '\n' ? completion.insertText : completion.insertText.replace(/\r?\n/g, '\r\n');
  return text.slice(0, offset) + insert + text.slice(offset + completion.replaceLength);
}

/** A UTF-16 surrogate half without its partner: a corrupt character on screen and on disk. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertWellFormed(label: string, text: string): void {
  const match = LONE_SURROGATE.exec(text);
  assert.equal(match, null, `${label} holds a lone surrogate at ${match?.index} of ${text.length}`);
}

describe('a 20 MB file: the cost of a keystroke does not grow with the file', () => {
  const LINE_COUNT = 400_000;
  const lineAt = (i: number) => `    total_${i % 1000} = compute(values[${i}], factor=${i % 7})  # step`;
  const bigText = Array.from({ length: LINE_COUNT }, (_, i) => lineAt(i)).join('\n');
  const smallText = Array.from({ length: 400 }, (_, i) => lineAt(i)).join('\n');

  it('reads about as many lines per keystroke as in a 20 KB file, in bounded time, and accepts correctly', async () => {
    assert.ok(bigText.length >= 20 * 1024 * 1024, `${bigText.length} characters`);
    const { ask } = setup(() => 'extra_term');
    const big = textDocument(bigText);
    const small = textDocument(smallText);

    const keystroke = async (doc: CountingDocument, line: number) => {
      const position = { line, character: doc.lines[line].length - '  # step'.length };
      const readBefore = doc.linesRead;
      const started = performance.now();
      const completion = await ask(doc, position);
      return { completion, position, lines: doc.linesRead - readBefore, ms: performance.now() - started };
    };

    const smallCost = await keystroke(small, 200);
    const costs = [];
    for (const line of [0, 1, 150, 200_000, 399_000, LINE_COUNT - 1]) costs.push(await keystroke(big, line));
    for (const cost of costs) {
      // The same window is read in a big file as in a small one (plus at most a grid step at the top).
      assert.ok(cost.lines <= smallCost.lines + 40, `line ${cost.position.line}: ${cost.lines} lines read (small file: ${smallCost.lines})`);
      assert.ok(cost.ms < 250, `line ${cost.position.line}: ${cost.ms.toFixed(1)} ms`);
    }
    console.log(`20 MB file: ${costs.map((c) => `${c.lines} lines/${c.ms.toFixed(1)} ms`).join(', ')} per keystroke (20 KB file: ${smallCost.lines} lines)`);

    // Accept the completion in the middle of the file: only that line changes.
    const middle = costs[3];
    assert.equal(middle.completion?.insertText, 'extra_term');
    const offset = offsetOf(bigText, middle.position);
    const accepted = accept(bigText, offset, middle.completion!, big.eol);
    assert.equal(accepted.length, bigText.length + 'extra_term'.length);
    assert.equal(accepted.slice(0, offset), bigText.slice(0, offset));
    assert.equal(accepted.slice(offset + 'extra_term'.length), bigText.slice(offset));
    assert.equal(accepted.split('\n')[200_000], `    total_0 = compute(values[200000], factor=3)extra_term  # step`);
  });
});

describe('a 1 MB single-line minified file', () => {
  const unit = 'function f(a){return a*2};var x=f(1);';
  const line = unit.repeat(Math.ceil((1024 * 1024) / unit.length));

  for (const [where, character] of [
    ['the middle', 500_000 - (500_000 % unit.length) + 'function f(a){return '.length],
    ['the end', line.length],
    ['the start', 'function f(a){return '.length],
  ] as const) {
    it(`at ${where}: a window of the line is sent, nothing more, and the accepted text is exact`, async () => {
      const { ask, backend } = setup(() => 'a+1');
      const doc = textDocument(line);
      const started = performance.now();
      const completion = await ask(doc, { line: 0, character });
      const ms = performance.now() - started;
      const sent = backend.calls[0].request;
      assert.ok(sent.prefix.length + sent.suffix.length <= SETTINGS.maxChars, `${sent.prefix.length} + ${sent.suffix.length} characters sent`);
      assert.ok(line.slice(0, character).endsWith(sent.prefix), 'the prefix is the text right before the cursor');
      assert.ok(line.slice(character).startsWith(sent.suffix), 'the suffix is the text right after the cursor');
      assert.ok(doc.linesRead <= 3, `${doc.linesRead} line reads`);
      assert.ok(ms < 250, `${ms.toFixed(1)} ms`);
      assert.equal(completion?.insertText, 'a+1');
      assert.equal(accept(line, character, completion!, doc.eol), line.slice(0, character) + 'a+1' + line.slice(character));
    });
  }
});

describe('a file with NUL bytes (binary opened as text) is skipped', () => {
  const binaryish = 'ELF\u0000\u0002\u0001\u0000\u0000\u0000\u0000';

  it('a NUL on the cursor line: no request, nothing shown', async () => {
    const { ask, backend } = setup(() => 'oops');
    const { doc, position } = withCursor(`header = "${binaryish}" + |\nnext = 1`);
    assert.equal(await ask(doc, position), undefined);
    assert.equal(backend.calls.length, 0, 'no request');
  });

  it('NULs in the lines above or below the cursor: no request', async () => {
    const { ask, backend } = setup(() => 'oops');
    for (const marked of [`${binaryish}\nvalue = |\n`, `value = |\n${binaryish}\n`]) {
      const { doc, position } = withCursor(marked);
      assert.equal(await ask(doc, position), undefined);
    }
    assert.equal(backend.calls.length, 0, 'no request');
  });

  it('a NUL far outside the prompt window is never sent (the window is what is checked)', async () => {
    const { ask, backend } = setup(() => 'done()');
    const lines = [binaryish, ...Array.from({ length: 2000 }, (_, i) => `line_${i} = ${i}`), 'final = |'];
    const { doc, position } = withCursor(lines.join('\n'));
    await ask(doc, position);
    for (const call of backend.calls) assert.ok(!call.request.prefix.includes('\u0000') && !call.request.suffix.includes('\u0000'), 'a NUL was sent');
  });
});

describe('CRLF and mixed line endings: the prompt is \\n text, the accepted text keeps the document’s endings', () => {
  it('a CRLF document: no \\r in the prompt; a multi-line completion is accepted with CRLF', async () => {
    const { ask, backend } = setup(() => 'if a < 0:\n        return 0\n    return a + b');
    const text = 'def add(a, b):\r\n    \r\n\r\nprint(add(1, 2))\r\n';
    const doc = textDocument(text);
    const position = { line: 1, character: 4 };
    const completion = await ask(doc, position);
    const sent = backend.calls[0].request;
    assert.equal(sent.prefix, 'def add(a, b):\n    ');
    assert.equal(sent.suffix, '\n\nprint(add(1, 2))\n');
    assert.ok(completion && !completion.insertText.includes('\r'));
    assert.equal(doc.eol, '\r\n');
    assert.equal(accept(text, offsetOf(text, position), completion, doc.eol), 'def add(a, b):\r\n    if a < 0:\r\n        return 0\r\n    return a + b\r\n\r\nprint(add(1, 2))\r\n');
  });

  it('mixed CRLF and LF lines: no \\r anywhere in the prompt', async () => {
    const { ask, backend } = setup(() => 'x * 2');
    const text = 'a = 1\r\nb = 2\nc = 3\r\n\nd = \r\ne = 5\n';
    const doc = textDocument(text);
    const position = { line: 4, character: 4 };
    const completion = await ask(doc, position);
    const sent = backend.calls[0].request;
    assert.equal(sent.prefix, 'a = 1\nb = 2\nc = 3\n\nd = ');
    assert.equal(sent.suffix, '\ne = 5\n');
    assert.equal(completion?.insertText, 'x * 2');
    assert.equal(accept(text, offsetOf(text, position), completion, doc.eol), 'a = 1\r\nb = 2\nc = 3\r\n\nd = x * 2\r\ne = 5\n');
  });

  it('a model that answers in CRLF: an LF document gets no stray \\r', async () => {
    const { ask } = setup(() => 'for item in items:\r\n        total += item\r\n    return total');
    const text = 'def total(items):\n    \n';
    const doc = textDocument(text);
    const position = { line: 1, character: 4 };
    const completion = await ask(doc, position);
    assert.ok(completion && !completion.insertText.includes('\r'), JSON.stringify(completion?.insertText));
    assert.equal(accept(text, offsetOf(text, position), completion, doc.eol), 'def total(items):\n    for item in items:\n        total += item\n    return total\n');
  });
});

describe('surrogate pairs are never split, in the prompt or in the completion', () => {
  it('right after and right before an emoji at the cursor', async () => {
    const { ask, backend } = setup((request) => (request.prefix.endsWith('😀') ? ' 🎉 party' : 'ok 🎉'));
    for (const [marked, expected] of [
      // The closing quote after the cursor is covered by the item (replaceLength 1), not doubled.
      ['label = "😀|"\n', 'label = "😀 🎉 party"\n'],
      ['label = "|😀"\n', 'label = "ok 🎉😀"\n'],
    ] as const) {
      const { doc, position } = withCursor(marked);
      const text = marked.replace('|', '');
      const completion = await ask(doc, position);
      const sent = backend.calls.at(-1)!.request;
      assertWellFormed('prefix', sent.prefix);
      assertWellFormed('suffix', sent.suffix);
      assert.ok(completion, marked);
      assertWellFormed('completion', completion.insertText);
      assert.equal(accept(text, offsetOf(text, position), completion, doc.eol), expected);
    }
  });

  it('a position between the two halves of a pair does not split it in the prompt', async () => {
    const { ask, backend } = setup(() => 'x');
    const doc = textDocument('s = "😀😀"\n');
    await ask(doc, { line: 0, character: 'x = "'.length + 1 });
    const sent = backend.calls[0].request;
    assertWellFormed('prefix', sent.prefix);
    assertWellFormed('suffix', sent.suffix);
  });

  it('at the edges of the prompt window, on a long line of emoji, for every cursor position on a grid', async () => {
    // Pairs at odd offsets: any even cut of the window lands inside one unless it is moved.
    const line = 'a' + '😀'.repeat(6000);
    const { ask, backend } = setup(() => '😀 done');
    const doc = textDocument(`${line}\n${line}\n`);
    let checked = 0;
    for (let character = 1; character < line.length; character += 2 * 97) {
      const completion = await ask(doc, { line: 1, character });
      const sent = backend.calls.at(-1)!.request;
      assertWellFormed(`prefix at ${character}`, sent.prefix);
      assertWellFormed(`suffix at ${character}`, sent.suffix);
      assert.ok(sent.prefix.length < SETTINGS.maxChars, 'the window was cut inside the line');
      assert.ok(completion, `a completion at ${character}`);
      assertWellFormed(`completion at ${character}`, completion.insertText);
      checked++;
    }
    assert.ok(checked > 50);
  });

  it('an answer streamed in pieces that split pairs is shown whole', async () => {
    const answer = 'greet("👋🏽 hello 🌍")';
    const { ask, backend } = setup(() => answer);
    backend.chunkSize = 3; // odd: chunk edges fall inside pairs
    const { doc, position } = withCursor('def main():\n    |\n');
    const completion = await ask(doc, position);
    assert.equal(completion?.insertText, answer);
  });

  it('an answer cut at the size limit is not cut inside a pair', async () => {
    // The engine stops reading at max(4096, maxTokens * 16) characters (src/engine/completionEngine.ts).
    const { ask } = setup(() => `${'x'.repeat(4095)}😀😀 and more`, { maxTokens: 64 });
    const { doc, position } = withCursor('s = |\n');
    const completion = await ask(doc, position);
    assert.ok(completion, 'the first 4096 characters are shown');
    assertWellFormed('completion', completion.insertText);
  });
});

describe('a document edited by another party while a request is in flight', () => {
  it('the engine answers for the prompt it sent; the next keystroke on the new text asks again', async () => {
    const { backend, engine } = setup((request) => (request.prefix.includes('# inserted by a formatter') ? 'after_edit()' : 'before_edit()'));
    backend.firstTokenMs = 60;
    const text = 'import os\n\nvalue = \n';
    const doc = textDocument(text);
    const position = { line: 2, character: 'value = '.length };
    const editorKey = 'file:///edited.py';
    const pending = engine.provide({ editorKey, document: doc, position, explicit: true }, new AbortController().signal);
    await sleep(10);
    // Another extension inserts a line above the cursor while the request is out.
    const edited = '# inserted by a formatter\nimport os\n\nvalue = \n';
    doc.setText(edited);
    const first = await pending;
    // The answer belongs to the prompt that was sent: the editor layer (src/vscode/inlineProvider.ts)
    // sees that the document's version moved on and drops it rather than show it at a shifted place.
    assert.equal(backend.calls[0].request.prefix, 'import os\n\nvalue = ');
    assert.equal(first?.insertText, 'before_edit()');

    const movedPosition = { line: 3, character: 'value = '.length };
    const second = await engine.provide({ editorKey, document: doc, position: movedPosition, explicit: true }, new AbortController().signal);
    assert.equal(second?.source, 'network', 'the old answer is not reused for a different prompt');
    assert.equal(second?.insertText, 'after_edit()');
    assert.equal(accept(edited, offsetOf(edited, movedPosition), second!, doc.eol), '# inserted by a formatter\nimport os\n\nvalue = after_edit()\n');
  });

  it('an edit after the cursor changes the suffix: the cached answer is not served for it', async () => {
    const { backend, engine } = setup((request) => (request.suffix.includes('other_call') ? 'fits_other()' : 'fits_original()'));
    const doc = textDocument('x = \nprint(x)\n');
    const position = { line: 0, character: 4 };
    const editorKey = 'file:///suffix.py';
    assert.equal((await engine.provide({ editorKey, document: doc, position, explicit: true }, new AbortController().signal))?.insertText, 'fits_original()');
    doc.setText('x = \nother_call(x)\n');
    const again = await engine.provide({ editorKey, document: doc, position, explicit: true }, new AbortController().signal);
    assert.equal(again?.insertText, 'fits_other()');
    assert.equal(backend.calls.length, 2);
  });
});
