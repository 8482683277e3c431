// Ghost text in a real VS Code (code-server + Chromium), from the packaged .vsix, against a
// fixture Ollama on 127.0.0.1. Each test types like a user and checks what the user sees, what
// Ctrl+S writes to disk and what reached the server. One code-server serves the whole file.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOllamaFixture, type OllamaFixture, type RecordedRequest } from '../fixtures/ollamaFixture';
import { answersAfter, completesLine, fimParts, splitFimPrompt } from './fimScript';
import { extensionSettings, launchVsCode, type VsCodeSession } from './harness';
import { rewrittenFrom } from './savedFile';
import { REPO_ROOT } from './paths';

const MODEL = 'deepseek-coder:1.3b-base';

const FILES: Record<string, string> = {
  'calc.py': 'def add(a, b):\n    \n\nprint(add(1, 2))\n',
  'geometry.ts': [
    'interface Point {',
    '  x: number;',
    '  y: number;',
    '}',
    '',
    '/** Straight-line distance between two points. */',
    'export function distance(a: Point, b: Point): number {',
    '  const dx = b.x - a.x;',
    '  const dy = b.y - a.y;',
    '  ',
    '}',
    '',
  ].join('\n'),
  'block.ts': ['export function midpoint(a: number, b: number): ', ''].join('\n'),
  'escape.py': 'total = 0\nfor n in range(10):\n    \n',
  'through.py': 'def area(width, height):\n    \n',
  'paren.py': 'x = 41\n\n',
  'quote.py': 'name = "Ada"\n\n',
  'point.py': 'class Point:\r\n    def __init__(self, x, y)\r\n',
  'predict.py': 'def scale(v, k):\n    \n\nprint(scale(2, 3))\n',
  // Long enough that its prompt is worth warming (over 1,000 characters), with a suffix of some size.
  'laptop.py': [
    '"""Summary statistics for small samples of numbers, written to be read."""',
    'import math',
    '',
    'PRECISION = 6',
    '',
    '',
    'def rounded(value):',
    '    """The value rounded to the module\'s precision, for printing."""',
    '    return round(value, PRECISION)',
    '',
    '',
    'def mean(values):',
    '    """The arithmetic mean of a non-empty sequence."""',
    '    total = 0.0',
    '    for value in values:',
    '        total += value',
    '    return total / len(values)',
    '',
    '',
    'def spread(values):',
    '    ',
    '',
    '',
    'def variance(values):',
    '    """The population variance: the mean squared distance from the mean."""',
    '    centre = mean(values)',
    '    return sum((value - centre) ** 2 for value in values) / len(values)',
    '',
    '',
    'def deviation(values):',
    '    """The population standard deviation."""',
    '    return math.sqrt(variance(values))',
    '',
    '',
    'def describe(values):',
    '    """A summary a person can read: count, mean, deviation, smallest and largest."""',
    '    return {',
    '        "count": len(values),',
    '        "mean": mean(values),',
    '        "deviation": deviation(values),',
    '        "min": min(values),',
    '        "max": max(values),',
    '        "spread": spread(values),',
    '    }',
    '',
    '',
    'if __name__ == "__main__":',
    '    print(describe([2, 4, 4, 4, 5, 5, 7, 9]))',
    '',
  ].join('\n'),
};

interface GenerateBody {
  readonly prompt?: string;
  readonly raw?: boolean;
  readonly model?: string;
  readonly suffix?: unknown;
}

function body(request: RecordedRequest): GenerateBody {
  return request.body as GenerateBody;
}

/** A request sent to warm the server's prompt cache: a one-token answer nobody reads. */
function warmUp(request: RecordedRequest): boolean {
  return (request.body as { options?: { num_predict?: number } }).options?.num_predict === 1;
}

/**
 * The prefix as sent for a file of the workspace: DeepSeek Coder's repository layout heads the
 * current file with a comment holding its path (no other file is open here to come before it).
 */
function headed(file: string, prefix: string): string {
  return `${file.endsWith('.py') ? '#' : '//'} ${file}\n${prefix}`;
}

/**
 * The request's FIM prompt is this file's: its prefix ends with `filePrefix` (other files of
 * the workspace, recently used in earlier tests, may come before it), and its suffix is `suffix`.
 */
function assertFileFimPrompt(request: RecordedRequest, filePrefix: string, suffix: string): void {
  const fim = splitFimPrompt(body(request).prompt ?? '');
  assert.ok(fim?.prefix.endsWith(filePrefix), `prefix ${JSON.stringify(fim?.prefix)} does not end with ${JSON.stringify(filePrefix)}`);
  assert.equal(fim?.suffix, suffix);
}

/** The FIM prefix of a generate request ('' when its prompt is not a FIM prompt). */
function prefixOf(request: RecordedRequest): string {
  const prompt = body(request).prompt;
  return (prompt !== undefined && splitFimPrompt(prompt)?.prefix) || '';
}

/**
 * The generate requests about one file (its prompt holds `marker`). A request the extension
 * sends on its own after an earlier test's accept (a speculative next completion) may land
 * later; it is about that earlier file and must not count here.
 */
function requestsAbout(fixture: OllamaFixture, marker: string): RecordedRequest[] {
  return fixture.generateRequests().filter((r) => body(r).prompt?.includes(marker));
}

/**
 * Every request sent while `typed` was being typed after `prefixBefore` carries the exact FIM
 * prompt of that moment: all text before the cursor, then all text after it. Once the ghost text
 * `shown` is on screen, the extension also asks for what follows its accept: that prompt (the
 * document with `shown` accepted) is the only other one allowed.
 */
function assertPromptsWhileTyping(requests: RecordedRequest[], prefixBefore: string, typed: string, suffix: string, shown?: string): void {
  assert.ok(requests.length > 0, 'no request reached the fixture');
  // Compared as the text before and after the cursor: the layout (what follows the end token) has a test of its own.
  // Other files (an earlier test's edits, recent files) may come before this one's header: only its own part counts.
  const header = prefixBefore.slice(0, prefixBefore.indexOf('\n') + 1);
  const own = (prefix: string) => prefix.slice(Math.max(0, prefix.lastIndexOf(header)));
  const valid = new Set<string>();
  const key = (prefix: string, after: string) => `${prefix}\u0000${after}`;
  for (let i = 1; i <= typed.length; i++) valid.add(key(prefixBefore + typed.slice(0, i), suffix));
  if (shown !== undefined) valid.add(key(prefixBefore + typed + shown, suffix));
  for (const request of requests) {
    const { prompt, raw, model, suffix: suffixField } = body(request);
    const fim = prompt === undefined ? undefined : splitFimPrompt(prompt);
    assert.ok(fim !== undefined && valid.has(key(own(fim.prefix), fim.suffix)), `unexpected prompt ${JSON.stringify(prompt)}\n parsed as ${JSON.stringify(prompt && splitFimPrompt(prompt))}\n expected prefix ${JSON.stringify(prefixBefore)} + a prefix of ${JSON.stringify(typed)}, suffix ${JSON.stringify(suffix)}`);
    assert.equal(raw, true, 'raw mode is off');
    assert.equal(suffixField, undefined, 'raw mode must not send `suffix`');
    assert.equal(model, MODEL);
  }
}

describe('ghost text in a real VS Code', () => {
  let fixture: OllamaFixture;
  let vs: VsCodeSession;

  before(
    async () => {
      fixture = await startOllamaFixture();
      // Twice the pixels: the README's screenshot is taken in this suite.
      vs = await launchVsCode({ suite: 'ghost-text', files: FILES, settings: extensionSettings(fixture.url), deviceScaleFactor: 2 });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await vs?.close();
    await fixture?.close();
  });

  it('Python: typing shows ghost text from the exact FIM prompt; Tab accepts; Ctrl+S writes it', { timeout: 60_000 }, () =>
    vs.step('python-accept', async () => {
      fixture.setResponder(completesLine('return a + b'));
      await vs.openFile('calc.py', 2, 5);
      await vs.typeText('return ');
      // The prompt first: a wrong template fails here, with the prompt in the message.
      await fixture.waitUntil(() => requestsAbout(fixture, 'def add(a, b):').length > 0, 10_000);
      assertPromptsWhileTyping(requestsAbout(fixture, 'def add(a, b):'), headed('calc.py', 'def add(a, b):\n    '), 'return ', '\n\nprint(add(1, 2))\n', 'a + b');
      await vs.waitForGhostText('a + b');
      assertPromptsWhileTyping(requestsAbout(fixture, 'def add(a, b):'), headed('calc.py', 'def add(a, b):\n    '), 'return ', '\n\nprint(add(1, 2))\n', 'a + b');
      await vs.pressKey('Tab');
      await vs.waitFor('the accepted line', () => vs.editorText(), (text) => text.split('\n')[1] === '    return a + b');
      const saved = await vs.save('calc.py', rewrittenFrom(FILES['calc.py']));
      assert.equal(saved, 'def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n');
    }),
  );

  it('TypeScript: typing shows ghost text from the exact FIM prompt; Tab accepts; Ctrl+S writes it', { timeout: 60_000 }, () =>
    vs.step('typescript-accept', async () => {
      fixture.setResponder(completesLine('return Math.hypot(dx, dy);'));
      const [head, tail] = FILES['geometry.ts'].split('  const dy = b.y - a.y;\n  ');
      await vs.openFile('geometry.ts', 10, 3);
      await vs.typeText('return ');
      await fixture.waitUntil(() => requestsAbout(fixture, 'Straight-line distance').length > 0, 10_000);
      assertPromptsWhileTyping(requestsAbout(fixture, 'Straight-line distance'), headed('geometry.ts', `${head}  const dy = b.y - a.y;\n  `), 'return ', tail, 'Math.hypot(dx, dy);');
      await vs.waitForGhostText('Math.hypot(dx, dy);');
      assertPromptsWhileTyping(requestsAbout(fixture, 'Straight-line distance'), headed('geometry.ts', `${head}  const dy = b.y - a.y;\n  `), 'return ', tail, 'Math.hypot(dx, dy);');
      // The README's picture: ghost text in a real editor.
      await vs.screenshotEditor(join(REPO_ROOT, 'media', 'ghost-text.png'));
      await vs.pressKey('Tab');
      const saved = await vs.save('geometry.ts', rewrittenFrom(FILES['geometry.ts']));
      assert.equal(saved, FILES['geometry.ts'].replace('  const dy = b.y - a.y;\n  \n', '  const dy = b.y - a.y;\n  return Math.hypot(dx, dy);\n'));
    }),
  );

  it('TypeScript: after a block opener the whole multi-line completion is shown; Tab accepts all of it', { timeout: 60_000 }, () =>
    vs.step('typescript-multiline', async () => {
      const body = '\n  const sum = a + b;\n  return sum / 2;\n}';
      fixture.setResponder(answersAfter('number {', body));
      await vs.openFile('block.ts', 1, 49);
      await vs.typeText('number {');
      await vs.waitForGhostText(body);
      assertPromptsWhileTyping(requestsAbout(fixture, 'function midpoint'), headed('block.ts', 'export function midpoint(a: number, b: number): '), 'number {', '\n', body);
      await vs.pressKey('Tab');
      const saved = await vs.save('block.ts', rewrittenFrom(FILES['block.ts']));
      assert.equal(saved, `export function midpoint(a: number, b: number): number {${body}\n`);
    }),
  );

  it('Escape dismisses the ghost text and nothing is inserted', { timeout: 60_000 }, () =>
    vs.step('escape', async () => {
      fixture.setResponder(completesLine('total += n'));
      await vs.openFile('escape.py', 3, 5);
      await vs.typeText('total += ');
      await vs.waitForGhostText('n');
      await vs.pressKey('Escape');
      await vs.waitForNoGhostText();
      const saved = await vs.save('escape.py', rewrittenFrom(FILES['escape.py']));
      assert.equal(saved, 'total = 0\nfor n in range(10):\n    total += \n');
    }),
  );

  it('typing the first characters of a shown completion keeps the rest visible and sends no request', { timeout: 60_000 }, () =>
    vs.step('type-through', async () => {
      fixture.setResponder(completesLine('return width * height'));
      await vs.openFile('through.py', 2, 5);
      await vs.typeText('return ');
      await vs.waitForGhostText('width * height');
      // Requests still in flight from the typing above, and the one for what follows the shown
      // completion's accept (sent as it shows), are counted before the type-through starts.
      await fixture.waitUntil(() => requestsAbout(fixture, 'def area(width, height)').some((r) => prefixOf(r).endsWith('return width * height')), 10_000);
      await fixture.waitUntil((f) => f.inFlight === 0, 10_000);
      const requestsBefore = requestsAbout(fixture, 'def area(width, height)').length;
      const typedThrough = 'width * h';
      for (let i = 1; i <= typedThrough.length; i++) {
        await vs.typeText(typedThrough[i - 1]);
        // Visible after every keystroke: the rest of the same completion, at once.
        await vs.waitForGhostText('width * height'.slice(i), 2_000);
      }
      assert.equal(requestsAbout(fixture, 'def area(width, height)').length, requestsBefore, 'typing through the completion sent new requests');
      await vs.pressKey('Tab');
      const saved = await vs.save('through.py', rewrittenFrom(FILES['through.py']));
      assert.equal(saved, 'def area(width, height):\n    return width * height\n');
    }),
  );

  it('after Tab accepts a completion that ends the line, and Enter, the next line shows with no request sent after the Tab', { timeout: 60_000 }, () =>
    vs.step('predict-next-line', async () => {
      const line = completesLine('size = v * k');
      // The model: the rest of the line while it is typed; at its end, the next line.
      fixture.setResponder((prompt) => (splitFimPrompt(prompt)?.prefix.endsWith('size = v * k') ? '\n    return size' : line(prompt)));
      await vs.openFile('predict.py', 2, 5);
      await vs.typeText('size = ');
      await vs.waitForGhostText('v * k');
      // While the completion shows, the extension asks for what follows its accept.
      await fixture.waitUntil(() => requestsAbout(fixture, 'def scale(v, k)').some((r) => prefixOf(r).endsWith('size = v * k')), 10_000);
      await fixture.waitUntil((f) => f.inFlight === 0, 10_000);
      const predicted = requestsAbout(fixture, 'def scale(v, k)').find((r) => prefixOf(r).endsWith('size = v * k'));
      assertFileFimPrompt(predicted!, headed('predict.py', 'def scale(v, k):\n    size = v * k'), '\n\nprint(scale(2, 3))\n');
      const tabAt = Date.now();
      await vs.pressKey('Tab');
      await vs.waitFor('the accepted line', () => vs.editorText(), (text) => text.split('\n')[1] === '    size = v * k');
      // Right after the Tab, the next line is already on screen.
      await vs.waitForGhostText((text) => text.includes('return size'), 5_000);
      await vs.pressKey('Enter');
      await vs.waitFor('the new line, indented by the editor', () => vs.editorText(), (text) => text.split('\n')[2] === '    ');
      await vs.waitForGhostText('return size', 5_000);
      // Nothing was asked for the place the person reached: not after the Tab, not after the
      // Enter. (A request after the Tab may only be the next prediction, about a later document.)
      const afterTab = requestsAbout(fixture, 'def scale(v, k)').filter((r) => r.time >= tabAt);
      const forWhereThePersonIs = afterTab.filter((r) => !prefixOf(r).includes('return size'));
      assert.deepEqual(forWhereThePersonIs.map(prefixOf), [], 'a request was sent after the Tab for the line the person was on');
      assert.ok(predicted!.time < tabAt, 'the next line was requested while the first completion showed');
      await vs.pressKey('Escape');
    }),
  );

  it('a CRLF file keeps CRLF line endings after a multi-line completion is accepted', { timeout: 60_000 }, () =>
    vs.step('crlf', async () => {
      const answer = '\n        self.x = x\n        self.y = y';
      fixture.setResponder(answersAfter('def __init__(self, x, y):', answer));
      await vs.openFile('point.py', 2, 29);
      await vs.typeText(':');
      await vs.waitForGhostText(answer);
      // The model sees \n, whatever the file uses.
      assertFileFimPrompt(requestsAbout(fixture, 'class Point:')[0], headed('point.py', 'class Point:\n    def __init__(self, x, y):'), '\n');
      await vs.pressKey('Tab');
      const saved = await vs.save('point.py', rewrittenFrom(FILES['point.py']));
      assert.equal(saved, 'class Point:\r\n    def __init__(self, x, y):\r\n        self.x = x\r\n        self.y = y\r\n');
      assert.doesNotMatch(saved, /(^|[^\r])\n/, 'a bare \\n in a CRLF file');
    }),
  );

  it('on a laptop-like server (KV cache, one request at a time), typing within a line makes it read only the new tokens', { timeout: 90_000 }, () =>
    vs.step('kv-cache-layout', async () => {
      // 2.5 ms per prompt token the server has not cached, 30 ms per generated token: a laptop GPU.
      fixture.setKvCache({ msPerPromptToken: 2.5, msPerGeneratedToken: 30, baseMs: 20 });
      try {
        // An answer the typing never matches: every keystroke that asks sends a request of its own.
        fixture.setResponder((prompt) => (splitFimPrompt(prompt)?.prefix.includes('def spread(values):') ? 'pass  # not what is typed' : ''));
        const from = fixture.generateRequests().length;
        await vs.openFile('laptop.py', 21, 5);
        // A person looks before typing: the idle editor warms the server with the prompt for the cursor.
        await vs.waitFor('the warm-up request', async () => fixture.generateRequests().slice(from), (sent) => sent.some((r) => warmUp(r)), 10_000);
        await fixture.waitUntil((f) => f.inFlight === 0, 10_000);
        const typed = 'return max(values) - min(';
        await vs.typeText(typed, { delayMs: 250, jitterMs: 30 });
        await fixture.waitUntil((f) => f.inFlight === 0, 15_000);
        // The requests for the keystrokes (a prediction of the document after accepting a shown answer is another place).
        const cursorLine = (r: RecordedRequest) => {
          const written = fimParts(body(r).prompt ?? '')?.written ?? '';
          return written.slice(written.lastIndexOf('\n') + 1).trimStart();
        };
        const sent = fixture.generateRequests().slice(from).filter((r) => !warmUp(r) && r.reply?.kv !== undefined && cursorLine(r) !== '' && typed.startsWith(cursorLine(r)));
        assert.ok(sent.length >= 3, `${sent.length} requests while typing the line`);
        // The layout: the prompt before the written middle (the lines above the cursor's block, the
        // suffix) stays byte-identical, and the typed part of the line follows the end token.
        const parts = sent.map((r) => fimParts(body(r).prompt ?? ''));
        const first = parts[0];
        assert.ok(first, 'a well-formed FIM prompt');
        for (const part of parts) {
          assert.ok(part, 'a well-formed FIM prompt');
          assert.equal(part.head + part.suffix, first.head + first.suffix, 'the prompt before the written middle changed while typing in one line');
          const line = part.written.slice(part.written.lastIndexOf('\n') + 1).trimStart();
          assert.ok(line.length > 0 && typed.startsWith(line), `written middle ${JSON.stringify(part.written)}`);
          assert.ok(part.suffix.startsWith('\n\n\ndef variance(values):'), 'the code below the cursor is the suffix');
        }
        // What the server had to read: only the new tokens, the rest from its cache.
        const processed = sent.map((r) => r.reply?.kv?.processedTokens ?? Infinity).sort((a, b) => a - b);
        const median = processed[Math.floor(processed.length / 2)];
        assert.ok(median <= 16, `prompt tokens processed per request while typing in the line: ${processed.join(', ')}`);
        for (const r of sent) {
          const kv = r.reply?.kv;
          assert.ok(kv && kv.cachedTokens / kv.promptTokens > 0.9, `reused ${kv?.cachedTokens} of ${kv?.promptTokens} prompt tokens`);
        }
        // And the person sees a completion when the model has one.
        fixture.setResponder(completesLine('return max(values) - min(values)'));
        await vs.typeText('v');
        await vs.waitForGhostText('alues)');
        await vs.pressKey('Escape');
      } finally {
        fixture.setKvCache(null);
      }
    }),
  );

  describe('with auto-closing brackets and quotes on (VS Code defaults)', () => {
    before(async () => {
      await vs.updateSettings({ 'editor.autoClosingBrackets': undefined, 'editor.autoClosingQuotes': undefined });
    });

    it('accepting inside foo(|) leaves exactly one )', { timeout: 60_000 }, () =>
      vs.step('auto-close-paren', async () => {
        // The model writes the closing parenthesis too, as models do.
        fixture.setResponder(answersAfter('print(', 'x + 1)'));
        await vs.openFile('paren.py', 2, 1);
        await vs.typeText('print(');
        await vs.waitFor('auto-closed parenthesis', () => vs.editorText(), (text) => text.split('\n')[1] === 'print()');
        await vs.waitForGhostText((text) => text.startsWith('x + 1'));
        await vs.pressKey('Tab');
        const saved = await vs.save('paren.py', rewrittenFrom(FILES['paren.py']));
        assert.equal(saved, 'x = 41\nprint(x + 1)\n');
      }),
    );

    it('accepting inside "|" leaves exactly one closing quote and parenthesis', { timeout: 60_000 }, () =>
      vs.step('auto-close-quote', async () => {
        // A quote inside the answer, and the auto-closed `")` repeated at its end.
        fixture.setResponder(answersAfter('print("', 'Hello, " + name + "!")'));
        await vs.openFile('quote.py', 2, 1);
        await vs.typeText('print("');
        await vs.waitFor('auto-closed quote and parenthesis', () => vs.editorText(), (text) => text.split('\n')[1] === 'print("")');
        await vs.waitForGhostText((text) => text.startsWith('Hello, '));
        await vs.pressKey('Tab');
        const saved = await vs.save('quote.py', rewrittenFrom(FILES['quote.py']));
        assert.equal(saved, 'name = "Ada"\nprint("Hello, " + name + "!")\n');
      }),
    );
  });
});
