// The document as it will be after a shown completion is accepted (and Enter pressed after it),
// read through an overlay: the prompt for that future place must be exactly what the editor will
// hold then, or the completion requested in advance is wrong when the person gets there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentAfterEnter, documentAfterInsert, endsLine, enterIndentation } from '../../src/engine/predictedDocument';
import { textDocument, withCursor } from '../support/textDocument';

function lines(document: { lineCount: number; lineText(line: number): string }): string[] {
  return Array.from({ length: document.lineCount }, (_, i) => document.lineText(i));
}

describe('the document after an accept', () => {
  it('inserts a multi-line completion at the cursor, replacing the closing characters it covers', () => {
    const { doc, position } = withCursor('x = 1\nfoo(|)\nz = 3');
    const after = documentAfterInsert(doc, position, 'a,\n    b)', 1);
    assert.deepEqual(lines(after.document), ['x = 1', 'foo(a,', '    b)', 'z = 3']);
    assert.deepEqual(after.position, { line: 2, character: 6 });
    assert.deepEqual(lines(doc), ['x = 1', 'foo()', 'z = 3'], 'the document itself is untouched');
  });

  it('after Enter the new line has the indentation VS Code gives it', () => {
    assert.equal(enterIndentation('    total = 0', { indentUnit: '    ' }), '    ');
    assert.equal(enterIndentation('  if (x) {', { indentUnit: '  ' }), '    ');
    assert.equal(enterIndentation('for n in items:', { indentUnit: '    ', languageId: 'python' }), '    ');
    assert.equal(enterIndentation('        return total', { indentUnit: '    ', languageId: 'python' }), '    ');
    assert.equal(enterIndentation('\tcall(', { indentUnit: '\t' }), '\t\t');
    const { doc, position } = withCursor('def f():\n    x = 1|\n');
    const enter = documentAfterEnter({ document: doc, position }, { indentUnit: '    ', languageId: 'python' });
    assert.equal(enter.lineBreak, '\n    ');
    assert.deepEqual(lines(enter.place.document), ['def f():', '    x = 1', '    ', '']);
    assert.deepEqual(enter.place.position, { line: 2, character: 4 });
  });

  it('a single-line completion in the middle of a line keeps the rest of the line after it', () => {
    const { doc, position } = withCursor('total = |(a, b)\nnext()');
    const after = documentAfterInsert(doc, position, 'sum', 0);
    assert.deepEqual(lines(after.document), ['total = sum(a, b)', 'next()']);
    assert.deepEqual(after.position, { line: 0, character: 'total = sum'.length });
  });

  it('keeps the document\'s own line ending (CRLF), and the lines below move down by the lines added', () => {
    const doc = textDocument('a\r\nb = \r\nc');
    const after = documentAfterInsert(doc, { line: 1, character: 4 }, '[\n  1,\n]', 0);
    assert.equal(after.document.eol, '\r\n');
    assert.deepEqual(lines(after.document), ['a', 'b = [', '  1,', ']', 'c']);
    assert.equal(after.document.lineText(4), 'c');
  });
});

describe('does the accepted text end the line (so Enter comes next)', () => {
  it('yes when only whitespace follows the cursor, no when code does', () => {
    const { doc, position } = withCursor('x = |  \n');
    assert.equal(endsLine({ document: doc, position }), true);
    const mid = withCursor('x = |foo()\n');
    assert.equal(endsLine({ document: mid.doc, position: mid.position }), false);
  });
});

describe('the indentation Enter gives the new line', () => {
  it('Python: a level less after return, pass, break, continue or raise', () => {
    for (const line of ['        return', '        pass', '        break', '        continue', '        raise ValueError()']) {
      assert.equal(enterIndentation(line, { indentUnit: '    ', languageId: 'python' }), '    ', line);
    }
  });

  it('outside Python, a trailing colon or return keeps the indentation', () => {
    assert.equal(enterIndentation('    case 1:', { indentUnit: '    ', languageId: 'javascript' }), '    ');
    assert.equal(enterIndentation('    return x;', { indentUnit: '    ', languageId: 'javascript' }), '    ');
  });

  it('with no indent unit known, a tab-indented line opens a tab level and others four spaces', () => {
    assert.equal(enterIndentation('\tif (x) {', {}), '\t\t');
    assert.equal(enterIndentation('  items = [', {}), '      ');
  });
});
