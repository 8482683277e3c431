import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ANSWER_TOKENS, MIN_ANSWER_TOKENS, THINKING_ALLOWANCE_TOKENS, looksBinary, refactorAnswerTokens } from '../../src/engine/refactor/answerLimits';

describe('refactor answer cap', () => {
  it('grows with the selection, between a floor and a ceiling', () => {
    assert.equal(refactorAnswerTokens(10, false), MIN_ANSWER_TOKENS);
    const medium = refactorAnswerTokens(6000, false);
    assert.ok(medium > MIN_ANSWER_TOKENS && medium < MAX_ANSWER_TOKENS, String(medium));
    assert.ok(medium * 3 >= 6000 * 2, 'room for an answer twice the selection');
    assert.equal(refactorAnswerTokens(5_000_000, false), MAX_ANSWER_TOKENS);
  });

  it('leaves room for the reasoning of a model that thinks first', () => {
    assert.equal(refactorAnswerTokens(6000, true), refactorAnswerTokens(6000, false) + THINKING_ALLOWANCE_TOKENS);
  });
});

describe('looksBinary: a selection that is not text is refused', () => {
  it('a NUL byte anywhere', () => assert.equal(looksBinary('def f():\n    return 1\u0000\n'), true));
  it('mostly control characters (a binary file opened as text)', () => assert.equal(looksBinary('\u0001\u0002\u0003abc\u0004\u0005\u0006\u0007\u0008'), true));
  it('code with tabs, CRLF, form feeds and ANSI escapes is text', () => {
    assert.equal(looksBinary('if x:\r\n\treturn "\u001b[31mred\u001b[0m"\f\n'), false);
    assert.equal(looksBinary(''), false);
  });
});
