import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { languageIdForPath, lineComment } from '../../src/engine/context/languageSyntax';

describe('language syntax', () => {
  it("path headers in each language's comment syntax", () => {
    assert.equal(lineComment('python', 'pkg/utils.py'), '# pkg/utils.py');
    assert.equal(lineComment('typescript', 'src/a.ts'), '// src/a.ts');
    assert.equal(lineComment('sql', 'q.sql'), '-- q.sql');
    assert.equal(lineComment('html', 'index.html'), '<!-- index.html -->');
  });

  it('a path with a line break cannot end the comment and inject text', () => {
    assert.equal(lineComment('python', 'evil\nimport os; os.system("x")'), '# evil import os; os.system("x")');
  });

  it('languages of files read from disk, by extension', () => {
    assert.equal(languageIdForPath('a/b.py'), 'python');
    assert.equal(languageIdForPath('src/x.mts'), 'typescript');
    assert.equal(languageIdForPath('inc/x.h'), 'c');
    assert.equal(languageIdForPath('README'), 'plaintext');
  });
});
