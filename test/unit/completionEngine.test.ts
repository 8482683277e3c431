import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from '../../src/engine/completionEngine';
import { BackendError } from '../../src/engine/errors';
import { FIM_HOLE } from '../../src/engine/fimTemplate';
import { silentLogger } from '../../src/engine/types';
import { FakeBackend, sleep } from '../support/fakeBackend';
import { engineHarness } from '../support/engineHarness';
import { withCursor } from '../support/textDocument';

const setup = engineHarness;

describe('completion engine', () => {
  it('completes a function body from a FIM request with the right prompt and stops', async () => {
    const { backend, ask } = setup(() => '\n    return a + b');
    const result = await ask('def add(a, b):|\n\nprint(add(1, 2))');
    assert.equal(result?.insertText, '\n    return a + b');
    assert.equal(backend.calls.length, 1);
    const request = backend.calls[0].request;
    assert.equal(request.prefix, 'def add(a, b):');
    assert.equal(request.suffix, '\n\nprint(add(1, 2))');
    assert.ok(request.stop.includes(FIM_HOLE));
    assert.ok(!request.stop.includes('\n'), 'multi-line position has no newline stop');
  });

  it('mid-line is single-line: the request stops at a newline', async () => {
    const { backend, ask } = setup(() => 'b + c\nmore');
    const result = await ask('x = a + | # note');
    assert.equal(result?.insertText, 'b + c');
    assert.ok(backend.calls[0].request.stop.includes('\n'));
  });

  it('inside foo(|) the closing paren is covered by the item, never duplicated', async () => {
    const { ask } = setup(() => 'a, b)');
    const result = await ask('foo(|)');
    assert.deepEqual([result?.insertText, result?.replaceLength], ['a, b)', 1]);
  });

  it('inside print(|) an answer with its own parens keeps them and the line keeps its own', async () => {
    const { ask } = setup(() => 'len(items)');
    const result = await ask('print(|)');
    // Applied: `print(` + `len(items))` replacing `)` -> print(len(items)), nothing lost.
    assert.deepEqual([result?.insertText, result?.replaceLength], ['len(items))', 1]);
  });

  it('the same position again is served from the cache with no request', async () => {
    const { backend, ask } = setup(() => 'compute(a, b)');
    await ask('x = |\ny = 2');
    const again = await ask('x = |\ny = 2');
    assert.equal(again?.insertText, 'compute(a, b)');
    assert.equal(again?.source, 'cache');
    assert.equal(backend.calls.length, 1);
  });

  it('typing the first characters of a completion sends no new request', async () => {
    const { backend, ask } = setup(() => 'compute(a, b)');
    await ask('x = |\ny = 2');
    for (const typed of ['c', 'co', 'com', 'comp']) {
      const r = await ask(`x = ${typed}|\ny = 2`);
      assert.equal(r?.insertText, 'compute(a, b)'.slice(typed.length));
      assert.equal(r?.source, 'typed-ahead');
    }
    assert.equal(backend.calls.length, 1);
  });

  it('a keystroke that matches the streaming answer reuses the in-flight request', async () => {
    const { backend, ask, engine } = setup(() => 'compute(alpha, beta)');
    backend.firstTokenMs = 60;
    backend.perChunkMs = 20;
    const first = new AbortController();
    const pending = ask('x = |\n', first.signal);
    await sleep(10);
    first.abort(); // VS Code cancels the previous call on the next keystroke
    assert.equal(await pending, undefined);
    const second = await ask('x = co|\n');
    assert.equal(second?.insertText, 'mpute(alpha, beta)');
    assert.equal(second?.source, 'in-flight');
    assert.equal(backend.calls.length, 1);
    assert.equal(backend.calls[0].aborted, false);
    assert.equal(engine.stats.inFlightReuses, 1);
  });

  it('a keystroke that cannot match aborts the old request: one request in flight at a time', async () => {
    const { backend, ask } = setup((prefix) => (prefix.endsWith('= ') ? 'compute(a)' : 'zzz'));
    backend.firstTokenMs = 40;
    const first = new AbortController();
    const pending = ask('x = |\n', first.signal);
    await sleep(5);
    first.abort();
    await pending;
    const second = await ask('x = q|\n');
    assert.equal(second?.insertText, 'zzz');
    assert.equal(backend.calls.length, 2);
    assert.equal(backend.calls[0].aborted, true);
    assert.equal(backend.maxInFlight, 1);
  });

  it('a cancelled request nobody adopts is aborted after a short grace period', async () => {
    const { backend, ask } = setup(() => 'slow');
    backend.firstTokenMs = 2000;
    const cancel = new AbortController();
    const pending = ask('x = |\n', cancel.signal);
    await sleep(5);
    cancel.abort();
    await pending;
    await sleep(700);
    assert.equal(backend.calls[0].aborted, true);
  });

  it('a server that never answers times out by the setting, and the request is cancelled', async () => {
    const { backend, ask, ends } = setup(() => 'never', { requestTimeoutMs: 80 });
    backend.firstTokenMs = 10_000;
    assert.equal(await ask('x = |'), undefined);
    assert.equal(backend.calls[0].aborted, true);
    assert.equal(ends[0].outcome, 'error');
    assert.equal(ends[0].error?.kind, 'timeout');
  });

  it('a transient failure backs off: no request storm while the user keeps typing', async () => {
    const { backend, ask } = setup(() => 'x');
    backend.failWith = new BackendError('unreachable', 'Ollama is not reachable');
    await ask('a|');
    for (let i = 0; i < 20; i++) await ask(`a${'b'.repeat(i)}|`);
    assert.equal(backend.calls.length, 1, 'requests during the back-off');
  });

  it('a failure only the user can fix blocks requests until reset', async () => {
    const { backend, ask, engine } = setup(() => 'ok');
    backend.failWith = new BackendError('unauthorized', 'DeepSeek rejected the API key.');
    await ask('a|');
    await sleep(1100);
    await ask('ab|');
    assert.equal(backend.calls.length, 1);
    backend.failWith = undefined;
    engine.reset();
    assert.equal((await ask('abc|'))?.insertText, 'ok');
  });

  it('a huge answer is capped, not buffered whole', async () => {
    const { backend, ask } = setup(() => 'x'.repeat(2_000_000), { maxTokens: 64 });
    backend.chunkSize = 10_000;
    backend.perChunkMs = 0;
    const result = await ask('s = "|');
    assert.ok(result && result.insertText.length <= 4096, `${result?.insertText.length}`);
    assert.equal(backend.calls[0].finished, false, 'the stream was stopped early');
  });

  it('output of only FIM tokens and EOS shows nothing', async () => {
    const { ask } = setup(() => '<\uFF5Cfim\u2581hole\uFF5C><\uFF5Cend\u2581of\u2581sentence\uFF5C>');
    assert.equal(await ask('x = |'), undefined);
  });
});

describe('a request started at Enter, before the editor asks', () => {
  const AFTER_ENTER = 'def add(a, b):\n    |\n\nprint(add(1, 2))';

  function prefetch(engine: CompletionEngine, marked: string, inserted: string): void {
    const { doc, position } = withCursor(marked);
    engine.prefetchAfterEdit({ editorKey: 'doc', document: doc, position }, inserted);
  }

  it('starts the request for the new line at once; the provider call 50 ms later is served by it', async () => {
    const { backend, engine, ask } = setup(() => 'return a + b', { debounceMs: 200 });
    backend.firstTokenMs = 120;
    prefetch(engine, AFTER_ENTER, '\n    ');
    await sleep(10);
    assert.equal(backend.calls.length, 1, 'the request went out at the Enter');
    assert.equal(backend.calls[0].request.prefix, 'def add(a, b):\n    ');
    await sleep(40); // VS Code's own debounce
    const result = await ask(AFTER_ENTER);
    assert.equal(result?.insertText, 'return a + b');
    assert.equal(result?.source, 'in-flight');
    assert.equal(backend.calls.length, 1, 'one request for the Enter and the provider call');
  });

  it('sends nothing for other edits, on a backend billed per token, or with speculative off', async () => {
    const plain = setup(() => 'x');
    prefetch(plain.engine, 'x = 1|', '1');
    prefetch(plain.engine, 'if x:\n    |\n', '\n    \n'); // two lines at once: not an Enter
    const billed = setup(() => 'x');
    Object.assign(billed.backend, { billedPerToken: true });
    prefetch(billed.engine, AFTER_ENTER, '\n    ');
    const off = setup(() => 'x', { speculative: false });
    prefetch(off.engine, AFTER_ENTER, '\n    ');
    await sleep(30);
    assert.deepEqual([plain.backend.calls.length, billed.backend.calls.length, off.backend.calls.length], [0, 0, 0]);
  });

  it('typing on after the Enter with something the answer does not start with aborts it, one request at a time', async () => {
    const { backend, engine, ask } = setup((prefix) => (prefix.endsWith('    ') ? 'return a + b' : ' = a * b'), { debounceMs: 0 });
    backend.firstTokenMs = 80;
    prefetch(engine, AFTER_ENTER, '\n    ');
    await sleep(10);
    const result = await ask('def add(a, b):\n    z|\n\nprint(add(1, 2))');
    assert.equal(result?.insertText, ' = a * b');
    assert.equal(backend.calls.length, 2);
    assert.ok(backend.calls[0].aborted, 'the prefetch was aborted');
    assert.equal(backend.maxInFlight, 1);
  });
});

describe('completion engine: other files in the prompt', () => {
  const file = { path: 'pkg/main.py', languageId: 'python' };
  const material = {
    definitions: [],
    imports: [{ path: 'pkg/shapes.py', languageId: 'python', text: 'class Circle:\n    def area(self):\n        return 3.14 * self.r ** 2\n' }],
    recent: [],
  };

  it('the request prefix starts with the other file under its path header, then the current file under its own', async () => {
    const backend = new FakeBackend(() => 'area()');
    const engine = new CompletionEngine({ backend: () => backend, settings: () => ({ ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0 }), log: silentLogger });
    engine.repoContext.setMaterial('doc', material);
    const { doc, position } = withCursor('c = Circle()\nprint(c.|)');
    const result = await engine.provide({ editorKey: 'doc', document: doc, position, file }, new AbortController().signal);
    assert.equal(result?.insertText, 'area())');
    assert.equal(result?.replaceLength, 1);
    const request = backend.calls[0].request;
    assert.equal(request.prefix, '# pkg/shapes.py\nclass Circle:\n    def area(self):\n        return 3.14 * self.r ** 2\n\n# pkg/main.py\nc = Circle()\nprint(c.');
    assert.equal(request.prefix.slice(request.context?.prefixOffset), 'c = Circle()\nprint(c.');
    assert.deepEqual(request.context?.snippets.map((s) => s.path), ['pkg/shapes.py']);
    assert.equal(request.suffix, ')');
  });

  it('typing on serves from the same request and the typed-ahead cache: the block does not break reuse', async () => {
    const backend = new FakeBackend(() => 'area() + 1');
    const engine = new CompletionEngine({ backend: () => backend, settings: () => ({ ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0 }), log: silentLogger });
    engine.repoContext.setMaterial('doc', material);
    const ask = (marked: string) => {
      const { doc, position } = withCursor(marked);
      return engine.provide({ editorKey: 'doc', document: doc, position, file }, new AbortController().signal);
    };
    assert.equal((await ask('c = Circle()\nx = c.|'))?.insertText, 'area() + 1');
    assert.equal((await ask('c = Circle()\nx = c.ar|'))?.insertText, 'ea() + 1');
    assert.equal(backend.calls.length, 1);
  });

  it('off (budget 0): the prompt is the current file alone, as before', async () => {
    const backend = new FakeBackend(() => 'area()');
    const engine = new CompletionEngine({ backend: () => backend, settings: () => ({ ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0, otherFilesMaxChars: 0 }), log: silentLogger });
    engine.repoContext.setMaterial('doc', material);
    const { doc, position } = withCursor('c = Circle()\nprint(c.|)');
    await engine.provide({ editorKey: 'doc', document: doc, position, file }, new AbortController().signal);
    assert.equal(backend.calls[0].request.prefix, 'c = Circle()\nprint(c.');
    assert.equal(backend.calls[0].request.context, undefined);
  });
});
