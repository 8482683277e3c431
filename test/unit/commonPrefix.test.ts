// The common prefix of two prompts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonPrefixLength } from '../../src/engine/commonPrefix';

describe('commonPrefixLength', () => {
  it('counts the code units two strings share from their start', () => {
    assert.equal(commonPrefixLength('def total(values):', 'def total(items):'), 10);
    assert.equal(commonPrefixLength('abc', 'abc'), 3);
    assert.equal(commonPrefixLength('', 'abc'), 0);
    assert.equal(commonPrefixLength('xbc', 'abc'), 0);
  });
});
