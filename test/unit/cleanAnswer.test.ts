// Cleaning a chat model's answer into the text that replaces the selection: what lands in the
// user's file must be the code alone, at the selection's indentation, in the file's tabs or
// spaces, with the selection's own blank lines and final newline kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanAnswer, extractCode, shapeSelection } from '../../src/engine/refactor/cleanAnswer';

interface ExtractCase {
  readonly name: string;
  readonly answer: string;
  readonly code: string;
}

const FENCE = '```';

const extractCases: ExtractCase[] = [
  {
    name: 'prose before and after a fenced block is dropped',
    answer: `Here is the refactored code:\n\n${FENCE}typescript\nconst x = 1;\nconst y = 2;\n${FENCE}\n\nI renamed the variables.`,
    code: 'const x = 1;\nconst y = 2;',
  },
  {
    name: 'no fences: the whole answer, blank lines around it trimmed',
    answer: '\n\n  return a + b;\n\n',
    code: '  return a + b;',
  },
  {
    name: 'the largest block wins over a small usage example',
    answer: `${FENCE}js\nsum(1, 2)\n${FENCE}\nThe function:\n${FENCE}js\nfunction sum(a, b) {\n  return a + b;\n}\n${FENCE}`,
    code: 'function sum(a, b) {\n  return a + b;\n}',
  },
  {
    name: 'of two blocks the same size, the first wins',
    answer: `${FENCE}\nfirst();\n${FENCE}\n${FENCE}\nother();\n${FENCE}`,
    code: 'first();',
  },
  {
    name: 'an unclosed fence (answer cut off) runs to the end',
    answer: `Sure:\n${FENCE}python\ndef f():\n    return 1\n`,
    code: 'def f():\n    return 1',
  },
  {
    name: 'tilde fences',
    answer: '~~~go\nfunc f() {}\n~~~',
    code: 'func f() {}',
  },
  {
    name: 'a longer fence keeps a shorter fence inside the code',
    answer: '````md\n# Title\n```\ncode\n```\n````',
    code: '# Title\n```\ncode\n```',
  },
  {
    name: 'CRLF in the answer becomes LF',
    answer: `${FENCE}c\r\nint x;\r\nint y;\r\n${FENCE}\r\n`,
    code: 'int x;\nint y;',
  },
  {
    name: 'a leading <think> block is dropped',
    answer: `<think>\nThe user wants a rename.\n${FENCE}\nnot this\n${FENCE}\n</think>\n${FENCE}\nrenamed();\n${FENCE}`,
    code: 'renamed();',
  },
  {
    name: 'an unclosed <think> block means no code came',
    answer: '<think>\nStill thinking about it',
    code: '',
  },
  {
    name: 'an empty answer has no code',
    answer: '  \n\n',
    code: '',
  },
  {
    name: 'empty fences and a stray closing fence leave the code around them',
    answer: `let a = 1;\n${FENCE}`,
    code: 'let a = 1;',
  },
  {
    name: 'indentation inside the block is kept as sent',
    answer: `${FENCE}\n    indented();\n        deeper();\n${FENCE}`,
    code: '    indented();\n        deeper();',
  },
];

interface CleanCase {
  readonly name: string;
  /** The selected text. */
  readonly text: string;
  /** The text of the selection's first line before the selection. */
  readonly linePrefix?: string;
  readonly indentUnit?: string;
  readonly answer: string;
  readonly replacement: string;
}

const cleanCases: CleanCase[] = [
  {
    name: 'a dedented answer is moved to the indentation of whole selected lines',
    text: '    def area(self):\n        return self.w * self.h\n',
    answer: `${FENCE}python\ndef area(self) -> float:\n    return self.w * self.h\n${FENCE}`,
    replacement: '    def area(self) -> float:\n        return self.w * self.h\n',
  },
  {
    name: 'an over-indented answer is moved back',
    text: '  if (x) {\n    go();\n  }',
    answer: `${FENCE}\n        if (x) {\n          go(1);\n        }\n${FENCE}`,
    replacement: '  if (x) {\n    go(1);\n  }',
  },
  {
    name: 'a selection that starts after the indentation: the answer in full-line form',
    text: 'def area(self):\n        return self.w * self.h',
    linePrefix: '    ',
    answer: `${FENCE}\n    def area(self):\n        return self.w * self.h * 1.0\n${FENCE}`,
    replacement: 'def area(self):\n        return self.w * self.h * 1.0',
  },
  {
    name: 'a selection that starts after the indentation: the answer dedented',
    text: 'def area(self):\n        return self.w * self.h',
    linePrefix: '    ',
    answer: `${FENCE}\ndef area(self):\n    return self.w * self.h * 1.0\n${FENCE}`,
    replacement: 'def area(self):\n        return self.w * self.h * 1.0',
  },
  {
    name: 'a selection that starts after code continues that line and indents the rest',
    text: 'foo(a,\n        b)',
    linePrefix: '    x = ',
    answer: `${FENCE}\nbar(\n    a,\n    b,\n)\n${FENCE}`,
    replacement: 'bar(\n        a,\n        b,\n    )',
  },
  {
    name: 'a first line deeper than the rest keeps its place',
    text: 'return x;\n    }',
    linePrefix: '        ',
    answer: `${FENCE}\n        return y;\n    }\n${FENCE}`,
    replacement: 'return y;\n    }',
  },
  {
    name: 'spaces in the answer become the file’s tabs',
    text: '\tif (x) {\n\t\ty();\n\t}\n',
    answer: `${FENCE}\nif (x) {\n    z();\n    if (w) {\n        v();\n    }\n}\n${FENCE}`,
    replacement: '\tif (x) {\n\t\tz();\n\t\tif (w) {\n\t\t\tv();\n\t\t}\n\t}\n',
  },
  {
    name: 'tabs in the answer become the file’s spaces, at the file’s width',
    text: '  if (x) {\n    y();\n  }',
    answer: `${FENCE}\nif (x) {\n\tz();\n}\n${FENCE}`,
    replacement: '  if (x) {\n    z();\n  }',
  },
  {
    name: 'a one-line selection keeps the tabs of its line',
    text: 'return a;',
    linePrefix: '\t',
    answer: `${FENCE}\nif (a) {\n  return a;\n}\nreturn b;\n${FENCE}`,
    replacement: 'if (a) {\n\t\treturn a;\n\t}\n\treturn b;',
  },
  {
    name: 'a selection with no indentation at all takes the editor’s unit',
    text: 'return a;',
    indentUnit: '\t',
    answer: `${FENCE}\nif (a) {\n  return a;\n}\nreturn b;\n${FENCE}`,
    replacement: 'if (a) {\n\treturn a;\n}\nreturn b;',
  },
  {
    name: 'no final newline in the selection: none in the replacement',
    text: 'a = 1',
    answer: `${FENCE}\na = 2\n\n${FENCE}`,
    replacement: 'a = 2',
  },
  {
    name: 'a final newline in the selection is kept when the answer has none',
    text: 'a = 1\n',
    answer: 'a = 2',
    replacement: 'a = 2\n',
  },
  {
    name: 'blank lines selected before and after the code stay as they were',
    text: '\n\nfoo()\n\n',
    linePrefix: 'x;',
    answer: `${FENCE}\nbar()\n${FENCE}`,
    replacement: '\n\nbar()\n\n',
  },
  {
    name: 'a selection ending in the next line’s indentation keeps it',
    text: 'one();\n    ',
    linePrefix: '    ',
    answer: `${FENCE}\n    two();\n${FENCE}`,
    replacement: 'two();\n    ',
  },
  {
    name: 'whitespace-only lines inside the answer become empty',
    text: 'a();\nb();\n',
    answer: `${FENCE}\na();\n   \nb();\n${FENCE}`,
    replacement: 'a();\n\nb();\n',
  },
  {
    name: 'prose around the code never reaches the file',
    text: '    return total\n',
    answer: `The loop can be a sum():\n${FENCE}python\n    return sum(items)\n${FENCE}\nThis is shorter.`,
    replacement: '    return sum(items)\n',
  },
  {
    name: 'a CRLF selection is handled as LF',
    text: '  a();\r\n  b();\r\n',
    answer: `${FENCE}\r\nc();\r\n${FENCE}`,
    replacement: '  c();\n',
  },
];

describe('refactor answer cleaning', () => {
  describe('extractCode', () => {
    for (const c of extractCases) {
      it(c.name, () => {
        assert.equal(extractCode(c.answer), c.code);
      });
    }
  });

  describe('cleanAnswer: the replacement text', () => {
    for (const c of cleanCases) {
      it(c.name, () => {
        const cleaned = cleanAnswer(c.answer, { text: c.text, linePrefix: c.linePrefix ?? '' }, c.indentUnit ? { indentUnit: c.indentUnit } : {});
        assert.equal(cleaned.replacement, c.replacement);
      });
    }
  });

  it('an answer without code gives no code, so the caller changes nothing', () => {
    for (const answer of ['', '\n\n', `${FENCE}\n${FENCE}`, '<think>hmm']) {
      assert.equal(cleanAnswer(answer, { text: 'x = 1\n', linePrefix: '' }).code, '', JSON.stringify(answer));
    }
  });

  describe('shapeSelection: what the model is shown', () => {
    const shapes = [
      { name: 'whole lines: as selected', text: '  a();\n  b();\n', linePrefix: '', promptText: '  a();\n  b();', trailing: '\n' },
      { name: 'after the indentation: the first line gets its indentation back', text: 'a();\n  b();', linePrefix: '  ', promptText: '  a();\n  b();', trailing: '' },
      { name: 'after code: the first line gets the line’s indentation', text: 'f(1)', linePrefix: '    x = ', promptText: '    f(1)', trailing: '' },
      { name: 'leading blank lines are not shown', text: '\n\n  a();', linePrefix: 'x;', promptText: '  a();', trailing: '' },
    ];
    for (const s of shapes) {
      it(s.name, () => {
        const shape = shapeSelection({ text: s.text, linePrefix: s.linePrefix });
        assert.equal(shape.promptText, s.promptText);
        assert.equal(shape.trailing, s.trailing);
        assert.equal(shape.leading + shape.core + shape.trailing, s.text, 'the parts add up to the selection');
      });
    }
  });
});
