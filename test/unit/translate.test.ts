// The English `t` the pure modules fall back to fills placeholders as vscode.l10n.t does
// without a bundle: by index, any number of times, and leaves a placeholder it has no value for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { english } from '../../src/engine/translate';

describe('english: the text without a translation bundle', () => {
  it('fills {0}, {1} by position, numbers as they print', () => {
    assert.equal(english('DeepSeek FIM: pulling {0} failed: {1}', 'deepseek-coder:1.3b-base', 'disk full'), 'DeepSeek FIM: pulling deepseek-coder:1.3b-base failed: disk full');
    assert.equal(english('{0} retry in {1}s', 'Ollama', 0), 'Ollama retry in 0s');
  });

  it('repeats a placeholder, leaves a missing one, and does not read text as a placeholder again', () => {
    assert.equal(english('{0} and {0}', 'x'), 'x and x');
    assert.equal(english('{0} of {1}', 'one'), 'one of {1}');
    assert.equal(english('{0}', '{1}', 'not me'), '{1}');
  });

  it('text without placeholders is returned as it is', () => {
    assert.equal(english('Show Log'), 'Show Log');
  });
});
