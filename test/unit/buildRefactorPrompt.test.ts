// The chat prompt for Refactor Selection: what the model is told (only the rewritten selection,
// one fenced block), what it is shown (file, language, a budgeted window of whole lines around
// a marker, the selection, the instruction last), and that the budget holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRefactorPrompt, contextWindow, fenced, SELECTION_MARKER, type RefactorPromptInput } from '../../src/engine/refactor/buildRefactorPrompt';

const FILE_BEFORE = 'import math\n\n\nclass Shape:\n    def __init__(self, w, h):\n        self.w = w\n        self.h = h\n\n';
const SELECTED = '    def area(self):\n        return self.w * self.h\n';
const FILE_AFTER = '\n    def name(self):\n        return "shape"\n';

function input(overrides: Partial<RefactorPromptInput> = {}): RefactorPromptInput {
  return {
    languageId: 'python',
    fileName: 'geometry/shape.py',
    before: FILE_BEFORE,
    selection: SELECTED,
    after: FILE_AFTER,
    instruction: 'add a return type',
    contextChars: 4000,
    ...overrides,
  };
}

function userMessage(overrides: Partial<RefactorPromptInput> = {}): string {
  const messages = buildRefactorPrompt(input(overrides));
  assert.equal(messages.length, 2);
  assert.equal(messages[1].role, 'user');
  return messages[1].content;
}

/** The text between the fence after `heading` and its closing fence. */
function blockAfter(text: string, heading: string): string {
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `missing "${heading}" in:\n${text}`);
  const match = /^(`{3,})[^\n]*\n([\s\S]*?)\n\1$/m.exec(text.slice(at + heading.length));
  assert.ok(match, `no fenced block after "${heading}"`);
  return match[2];
}

describe('refactor prompt', () => {
  it('the system message asks for the rewritten selection only, in one fenced block', () => {
    const [system] = buildRefactorPrompt(input());
    assert.equal(system.role, 'system');
    assert.match(system.content, /expert code editor/i);
    assert.match(system.content, /rewritten selection only/);
    assert.match(system.content, /one fenced code block/);
  });

  it('the user message names the file and language and ends with the instruction', () => {
    const text = userMessage();
    assert.match(text, /^File: geometry\/shape\.py\nLanguage: python\n/);
    const instructionAt = text.indexOf('Instruction: add a return type');
    assert.ok(instructionAt > text.indexOf('The selection:'), 'the instruction comes after the selection');
    assert.ok(instructionAt > text.indexOf(SELECTION_MARKER), 'and after the surrounding code');
    assert.match(text, /in one fenced `python` code block\.$/);
  });

  it('shows the surrounding code with the marker where the whole selected lines were', () => {
    const surrounding = blockAfter(userMessage(), 'where the selection sits:\n');
    assert.equal(surrounding, `${FILE_BEFORE}${SELECTION_MARKER}\n${FILE_AFTER}`.replace(/\n$/, ''));
  });

  it('shows the selection as selected', () => {
    assert.equal(blockAfter(userMessage(), 'The selection:\n'), SELECTED.replace(/\n$/, ''));
  });

  it('a selection starting after the indentation is shown at its true indentation, the marker at its column', () => {
    const text = userMessage({ before: `${FILE_BEFORE}    `, selection: SELECTED.trimStart() });
    assert.equal(blockAfter(text, 'The selection:\n'), SELECTED.replace(/\n$/, ''));
    assert.match(blockAfter(text, 'where the selection sits:\n'), new RegExp(`\\n    ${SELECTION_MARKER}\\n`));
  });

  it('a selection inside a line: the marker sits between the code before and after it', () => {
    const text = userMessage({ before: 'total = 0\nresult = ', selection: 'compute(a, b)', after: ' + 1\nprint(result)\n' });
    assert.equal(blockAfter(text, 'where the selection sits:\n'), `total = 0\nresult = ${SELECTION_MARKER} + 1\nprint(result)`);
    assert.equal(blockAfter(text, 'The selection:\n'), 'compute(a, b)');
  });

  it('no surrounding code is sent with a budget of 0', () => {
    const text = userMessage({ contextChars: 0 });
    assert.ok(!text.includes(SELECTION_MARKER));
    assert.ok(!text.includes('import math'));
    assert.equal(blockAfter(text, 'The selection:\n'), SELECTED.replace(/\n$/, ''));
  });

  it('CRLF documents are sent with LF', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const text = userMessage({ before: crlf(FILE_BEFORE), selection: crlf(SELECTED), after: crlf(FILE_AFTER) });
    assert.ok(!text.includes('\r'));
    assert.equal(text, userMessage());
  });

  it('code with backtick fences is wrapped in a longer fence', () => {
    const markdown = 'Use:\n```js\nrun()\n```\n';
    const text = userMessage({ languageId: 'markdown', before: '', after: '', selection: markdown });
    assert.ok(text.includes(`The selection:\n\`\`\`\`markdown\n${markdown}\`\`\`\``), text);
    assert.equal(fenced('a ````` b', 'x'), '``````x\na ````` b\n``````');
  });

  it('only the instruction differs between two requests on the same code (a cacheable prefix)', () => {
    const first = userMessage({ instruction: 'add a return type' });
    const second = userMessage({ instruction: 'use a docstring' });
    const shared = first.slice(0, first.indexOf('Instruction:'));
    assert.ok(second.startsWith(shared));
    assert.ok(shared.includes('The selection:'));
  });

  it('the instruction is trimmed', () => {
    assert.ok(userMessage({ instruction: '  rename w to width \n' }).includes('Instruction: rename w to width\n'));
  });

  describe('contextWindow: whole lines within the budget', () => {
    const before = 'line1\nline2\nline3\n';
    const after = 'tail\nnext1\nnext2\n';
    const cases = [
      { name: 'everything fits', before, after, budget: 100, expected: { before, after } },
      { name: 'half each, cut at line starts and ends', before, after, budget: 14, expected: { before: 'line3\n', after: 'tail' } },
      { name: 'a short side leaves its share to the other', before: 'a\n', after, budget: 14, expected: { before: 'a\n', after: 'tail\nnext1' } },
      { name: 'a short after leaves its share to the before', before, after: ';\n', budget: 16, expected: { before: 'line2\nline3\n', after: ';\n' } },
      { name: 'the code before the selection on its line stays with it', before: 'x = 1\ny = ', after: '\n', budget: 11, expected: { before: 'x = 1\ny = ', after: '\n' } },
      { name: 'a line longer than the budget is left out', before: 'short\nyyyyyyyyyyyyyyyyyyyy = ', after: '', budget: 12, expected: { before: 'short\n', after: '' } },
      { name: 'a zero budget sends nothing', before, after, budget: 0, expected: { before: '', after: '' } },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const window = contextWindow(c.before, c.after, c.budget);
        assert.deepEqual(window, c.expected);
        assert.ok(window.before.length + window.after.length <= c.budget, 'within the budget');
        const wholeLinesBefore = c.before.slice(0, c.before.lastIndexOf('\n') + 1);
        assert.ok(c.before.endsWith(window.before) || wholeLinesBefore.endsWith(window.before), 'taken next to the selection');
        assert.ok(c.after.startsWith(window.after), 'taken next to the selection');
      });
    }
  });

  it('the surrounding code in the prompt never exceeds contextChars, whatever the file size', () => {
    const big = Array.from({ length: 400 }, (_, i) => `value_${i} = compute(${i})\n`).join('');
    for (const contextChars of [0, 50, 500, 4000]) {
      const text = userMessage({ before: big, after: `\n${big}`, contextChars });
      const surrounding = contextChars === 0 ? '' : blockAfter(text, 'where the selection sits:\n');
      // The selection's own final newline follows the marker; the rest is context.
      const code = surrounding.replace(`${SELECTION_MARKER}\n`, '');
      assert.ok(code.length <= contextChars, `${code.length} > ${contextChars}`);
      for (const line of code.split('\n').filter(Boolean)) assert.match(line, /^value_\d+ = compute\(\d+\)$/, 'only whole lines');
    }
  });
});
