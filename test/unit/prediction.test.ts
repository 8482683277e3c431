import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS, type EngineCompletion, type EngineSettings } from '../../src/engine/completionEngine';
import { answerAfterEnter } from '../../src/engine/prediction';
import { buildPromptWindow } from '../../src/engine/promptWindow';
import { silentLogger } from '../../src/engine/types';
import { FakeBackend, sleep } from '../support/fakeBackend';
import { textDocument, withCursor } from '../support/textDocument';

describe('the answer after an accept and Enter', () => {
  it('the answer at a line end is re-cut for the line after the editor indents it', () => {
    assert.equal(answerAfterEnter('\n    return x\n', '\n    '), 'return x\n');
    assert.equal(answerAfterEnter('\n        deeper()', '\n    '), '    deeper()');
    assert.equal(answerAfterEnter('\n\ndef g():', '\n    '), undefined, 'a blank line next: nothing to show after Enter');
    assert.equal(answerAfterEnter('\nshallower()', '\n    '), undefined);
  });
});

/** Waits until the prediction (the second request) has been sent and answered, however loaded the machine. */
async function predictionAnswered(backend: FakeBackend): Promise<void> {
  const started = performance.now();
  while ((backend.calls.length < 2 || backend.inFlight > 0) && performance.now() - started < 5000) await sleep(5);
}

const SHOWN_AT = 'def area(width, height):\n    size = |\n';

function setup(answer: (prefix: string) => string, overrides: Partial<EngineSettings> = {}) {
  const backend = new FakeBackend((request) => answer(request.prefix));
  const settings: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0, ...overrides };
  const engine = new CompletionEngine({ backend: () => backend, settings: () => settings, log: silentLogger });
  const input = (marked: string) => {
    const { doc, position } = withCursor(marked);
    return { editorKey: 'doc', document: doc, position };
  };
  const ask = (marked: string, signal = new AbortController().signal) => engine.provide(input(marked), signal);
  /** Ask, and show the answer as VS Code would (the provider hands it back, the engine predicts). */
  const askAndShow = async (marked: string): Promise<EngineCompletion | undefined> => {
    const shown = await ask(marked);
    if (shown) engine.predictAfterShow(input(marked), shown, { indentUnit: '    ', languageId: 'python' });
    return shown;
  };
  return { backend, engine, ask, askAndShow };
}

/** A model that knows the file: `size = width * height`, then `return size` on the line after. */
function areaModel(prefix: string): string {
  if (prefix.endsWith('size = ')) return 'width * height';
  if (prefix.endsWith('size = width * height')) return '\n    return size';
  return '';
}

describe('prediction on show', () => {
  it('while a completion that ends the line is shown, its next line is requested: Tab and Enter are served with no request', async () => {
    const { backend, askAndShow, ask } = setup(areaModel);
    backend.firstTokenMs = 40;
    const first = await askAndShow(SHOWN_AT);
    assert.equal(first?.insertText, 'width * height');
    await sleep(5);
    assert.equal(backend.calls.length, 2, 'the prediction went out while the completion showed');
    assert.equal(backend.calls[1].request.prefix, 'def area(width, height):\n    size = width * height');
    assert.ok(!backend.calls[1].request.stop.includes('\n'), 'multi-line: the answer is the next line');
    await predictionAnswered(backend);
    // Tab: the accepted line's end; then Enter, indented by the editor.
    const afterTab = await ask('def area(width, height):\n    size = width * height|\n');
    assert.deepEqual([afterTab?.insertText, afterTab?.source], ['\n    return size', 'cache']);
    const afterEnter = await ask('def area(width, height):\n    size = width * height\n    |\n');
    assert.deepEqual([afterEnter?.insertText, afterEnter?.source], ['return size', 'cache']);
    assert.equal(backend.calls.length, 2, 'no request after the Tab or the Enter');
  });

  it('a Tab pressed before the prediction has answered waits for it instead of sending another request', async () => {
    const { backend, askAndShow, ask } = setup(areaModel);
    backend.firstTokenMs = 60;
    await askAndShow(SHOWN_AT);
    await sleep(5);
    const afterTab = await ask('def area(width, height):\n    size = width * height|\n');
    assert.equal(afterTab?.insertText, '\n    return size');
    assert.equal(afterTab?.source, 'in-flight');
    assert.equal(backend.calls.length, 2);
  });

  it('typing something else drops the prediction (aborted), and the request for what was typed is not delayed by it', async () => {
    const { backend, engine, askAndShow, ask } = setup((prefix) => (prefix.endsWith('size = 0') ? '\n' : areaModel(prefix)));
    backend.firstTokenMs = 60;
    await askAndShow(SHOWN_AT);
    await sleep(5);
    const typedElse = ask('def area(width, height):\n    size = 0|\n');
    await sleep(1);
    assert.ok(backend.calls[1].aborted, 'the prediction was aborted at the first keystroke that left it');
    assert.equal(backend.calls.length, 3, 'the request for what was typed went out at once, with no wait for the prediction');
    await typedElse;
    assert.deepEqual(engine.predictions.stats, { requested: 1, shown: 0, dropped: 1 });
  });

  it('typing through the shown completion keeps the prediction; showing the rest asks nothing more', async () => {
    const { backend, askAndShow } = setup(areaModel);
    backend.firstTokenMs = 30;
    await askAndShow(SHOWN_AT);
    for (const typed of ['w', 'wi', 'width']) await askAndShow(`def area(width, height):\n    size = ${typed}|\n`);
    await sleep(60);
    assert.equal(backend.calls.length, 2);
    assert.ok(!backend.calls[1].aborted);
  });

  it('in a long file, where the new line\'s prompt window starts on another line, the line after Enter is still served from the prediction', async () => {
    // 400 short lines of varied length: the window is cut, and at some line's end it starts on
    // one grid line while after Enter (one line down) it starts on the next.
    const body = Array.from({ length: 400 }, (_, i) => `    v${i} = f(${i}, ${'y'.repeat((i * 7) % 11)})`);
    const options = { maxChars: DEFAULT_ENGINE_SETTINGS.maxChars, suffixShare: DEFAULT_ENGINE_SETTINGS.suffixShare };
    const afterEnterLines = (line: number) => [...body.slice(0, line + 1), '    ', ...body.slice(line + 1)];
    const startAtEnd = (line: number) => buildPromptWindow(textDocument(body.join('\n')), { line, character: body[line].length }, options).prefixStartLine;
    const startAfterEnter = (line: number) => buildPromptWindow(textDocument(afterEnterLines(line).join('\n')), { line: line + 1, character: 4 }, options).prefixStartLine;
    let line = 200;
    while (line < 398 && startAtEnd(line) === startAfterEnter(line)) line++;
    assert.ok(line < 398, 'no line where the window moves to the next grid line');
    const shownLine = body[line];
    const cut = shownLine.indexOf('= ') + 2;
    const { backend, engine, ask } = setup((prefix) => (prefix.endsWith(shownLine) ? `\n${body[line + 1]}` : shownLine.slice(cut)));
    const marked = (lines: string[], row: number, column: number) => {
      const withMark = [...lines];
      withMark[row] = withMark[row].slice(0, column) + '|' + withMark[row].slice(column);
      return withMark.join('\n');
    };
    const typedTo = [...body.slice(0, line), shownLine.slice(0, cut), ...body.slice(line + 1)];
    const shown = await ask(marked(typedTo, line, cut));
    assert.equal(shown?.insertText, shownLine.slice(cut));
    const { doc, position } = withCursor(marked(typedTo, line, cut));
    engine.predictAfterShow({ editorKey: 'doc', document: doc, position }, shown!, { indentUnit: '    ', languageId: 'python' });
    await predictionAnswered(backend);
    const afterEnter = await ask(marked(afterEnterLines(line), line + 1, 4));
    assert.equal(afterEnter?.insertText, body[line + 1].trimStart());
    assert.equal(afterEnter?.source, 'cache');
    assert.equal(backend.calls.length, 2, 'the shown completion and its prediction: nothing after the Enter');
  });

  it('at most one prediction per editor: a newer shown completion replaces the running one', async () => {
    const { backend, engine } = setup(() => 'next()');
    backend.firstTokenMs = 50;
    const doc = textDocument('a = 1\nb = 2\n');
    const show = (line: number, insertText: string) =>
      engine.predictAfterShow({ editorKey: 'doc', document: doc, position: { line, character: 5 } }, { insertText, replaceLength: 0, source: 'cache', partial: false });
    show(0, ' + x');
    show(1, ' + y');
    await sleep(5);
    assert.equal(backend.calls.length, 2);
    assert.ok(backend.calls[0].aborted);
    assert.equal(backend.inFlight, 1);
  });

  it('none with speculative off, none on a backend billed per token unless asked, none for first lines still streaming', async () => {
    const shownCompletion: EngineCompletion = { insertText: 'width * height', replaceLength: 0, source: 'network', partial: false };
    const predictOnce = async (overrides: Partial<EngineSettings>, billed: boolean, shown = shownCompletion) => {
      const { backend, engine } = setup(areaModel, overrides);
      Object.assign(backend, { billedPerToken: billed });
      const { doc, position } = withCursor(SHOWN_AT);
      engine.predictAfterShow({ editorKey: 'doc', document: doc, position }, shown);
      await sleep(5);
      return backend.calls.length;
    };
    assert.equal(await predictOnce({ speculative: false }, false), 0);
    assert.equal(await predictOnce({ speculative: false, speculativeWhenBilled: true }, true), 0);
    assert.equal(await predictOnce({}, true), 0);
    assert.equal(await predictOnce({}, false, { ...shownCompletion, partial: true }), 0);
    assert.equal(await predictOnce({ speculativeWhenBilled: true }, true), 1);
    assert.equal(await predictOnce({}, false), 1);
  });
});
