import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseImports } from '../../src/engine/context/imports';
import { orderByImports, renderRepoBlock } from '../../src/engine/context/repoLayout';
import type { ChosenFile } from '../../src/engine/context/selectSnippets';

const file = (path: string, text: string, startLine = 0): ChosenFile => ({ path, languageId: 'python', pieces: [{ startLine, text }] });

describe('repository layout', () => {
  it('a file comes after the files it imports', () => {
    const model = file('pkg/model.py', 'from .utils import norm\nclass Model: ...');
    const utils = file('pkg/utils.py', 'def norm(x): ...');
    const imports = new Map([
      ['pkg/model.py', parseImports('python', 'from .utils import norm\n')],
      ['pkg/utils.py', []],
    ]);
    // Chosen with the model first (more valuable), laid out with utils first (its dependency).
    assert.deepEqual(orderByImports([model, utils], imports).map((f) => f.path), ['pkg/utils.py', 'pkg/model.py']);
  });

  it('without dependencies, the most valuable file stands last, nearest the cursor', () => {
    const a = file('a.py', 'A = 1');
    const b = file('b.py', 'B = 2');
    assert.deepEqual(orderByImports([a, b], new Map()).map((f) => f.path), ['b.py', 'a.py']);
  });

  it('an import cycle still places every file once', () => {
    const a = file('a.py', 'from .b import x');
    const b = file('b.py', 'from .a import y');
    const imports = new Map([
      ['a.py', parseImports('python', 'from .b import x')],
      ['b.py', parseImports('python', 'from .a import y')],
    ]);
    assert.deepEqual(orderByImports([a, b], imports).map((f) => f.path).sort(), ['a.py', 'b.py']);
  });

  it("renders DeepSeek Coder's format: path comments, each file's lines, the current file's header last", () => {
    const { rendered, snippets } = renderRepoBlock([file('pkg/utils.py', 'def norm(x):\n    return x')], { path: 'pkg/model.py', languageId: 'python' });
    assert.equal(rendered, '# pkg/utils.py\ndef norm(x):\n    return x\n\n# pkg/model.py\n');
    assert.deepEqual(snippets, [{ path: 'pkg/utils.py', text: 'def norm(x):\n    return x' }]);
  });

  it('pieces of one file in file order, with an elision comment between them', () => {
    const twoPieces: ChosenFile = { path: 'src/a.ts', languageId: 'typescript', pieces: [{ startLine: 40, text: 'function late() {}' }, { startLine: 0, text: 'const early = 1;' }] };
    const { snippets } = renderRepoBlock([twoPieces], { path: 'src/b.ts', languageId: 'typescript' });
    assert.equal(snippets[0].text, 'const early = 1;\n// ...\nfunction late() {}');
  });
});
