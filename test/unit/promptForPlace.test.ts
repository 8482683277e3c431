import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RepoContext } from '../../src/engine/context/repoContext';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/engine/engineTypes';
import { FIM_HOLE } from '../../src/engine/fimTemplate';
import { filterContextFor, multilineAfterAccept, promptFor, toCompletion } from '../../src/engine/promptForPlace';
import { withCursor } from '../support/textDocument';

const file = { path: 'pkg/main.py', languageId: 'python' };
const material = {
  definitions: [],
  imports: [{ path: 'pkg/shapes.py', languageId: 'python', text: 'class Circle:\n    def area(self):\n        return 3.14 * self.r ** 2\n' }],
  recent: [],
};

function prompt(marked: string, settings: EngineSettings = DEFAULT_ENGINE_SETTINGS, repo = new RepoContext()) {
  const { doc, position } = withCursor(marked);
  return promptFor({ editorKey: 'doc', document: doc, position, file }, settings, repo);
}

describe('the prompt for a place', () => {
  it('other files lead the prefix under their paths; with the budget at 0 the file is alone', () => {
    const repo = new RepoContext();
    repo.setMaterial('doc', material);
    const led = prompt('c = Circle()\nprint(c.|)', DEFAULT_ENGINE_SETTINGS, repo);
    assert.ok(led.window.prefix.startsWith('# pkg/shapes.py\nclass Circle:'));
    assert.ok(led.window.prefix.endsWith('# pkg/main.py\nc = Circle()\nprint(c.'));
    assert.deepEqual(led.repo?.snippets.map((s) => s.path), ['pkg/shapes.py']);
    const alone = prompt('c = Circle()\nprint(c.|)', { ...DEFAULT_ENGINE_SETTINGS, otherFilesMaxChars: 0 }, repo);
    assert.deepEqual([alone.window.prefix, alone.repo], ['c = Circle()\nprint(c.', undefined]);
  });

  it('a binary file (NUL bytes) is flagged, and no other files are gathered for it', () => {
    const repo = new RepoContext();
    repo.setMaterial('doc', material);
    const binary = prompt('\u0000\u0001ELF|', DEFAULT_ENGINE_SETTINGS, repo);
    assert.deepEqual([binary.binary, binary.repo], [true, undefined]);
    assert.equal(prompt('x = |').binary, false);
  });

  it('special tokens written in the document never reach the model as tokens', () => {
    const { window } = prompt(`s = "${FIM_HOLE}"\nx = |\ny = "${FIM_HOLE}"`);
    assert.ok(!window.prefix.includes(FIM_HOLE) && !window.suffix.includes(FIM_HOLE));
    assert.ok(window.prefix.endsWith('x = '));
  });

  it('after an accept the answer may run over lines at a line\'s end, not in the middle of one', () => {
    const settings = DEFAULT_ENGINE_SETTINGS;
    assert.equal(multilineAfterAccept(prompt('x = compute(a)|\n').window, settings), true);
    assert.equal(multilineAfterAccept(prompt('x = compute(|a)\n').window, settings), false);
    assert.equal(multilineAfterAccept(prompt('x = compute(a)|\n').window, { ...settings, multiline: 'never' }), false);
  });
});

describe('an answer as the editor shows it', () => {
  it('the filters see the rest of the cursor line apart from the lines below', () => {
    const { window } = prompt('x = foo(|)\ny = 2\nz = 3');
    const context = filterContextFor(window, false, { ...DEFAULT_ENGINE_SETTINGS, maxLines: 4 });
    assert.deepEqual(context, { linePrefix: 'x = foo(', lineSuffix: ')', suffixBelow: 'y = 2\nz = 3', multiline: false, maxLines: 4 });
  });

  it('closing characters after the cursor are covered, not doubled; an answer of only whitespace shows nothing', () => {
    const { window } = prompt('x = foo(|)\n');
    const context = filterContextFor(window, false, DEFAULT_ENGINE_SETTINGS);
    const completion = toCompletion('a, b)', context, 'network', false, 7);
    assert.deepEqual(completion, { insertText: 'a, b)', replaceLength: 1, source: 'network', partial: false, origin: 7 });
    assert.equal(toCompletion('   \n  ', context, 'network', false), undefined);
  });
});
