import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capText, markdownText, shownText, UNTRUSTED_MAX_CHARS } from '../../src/engine/untrustedText';

const LINK = '[Fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)';

describe('shownText: untrusted text as plain text', () => {
  it('a Markdown link is no longer one, and what it said is still readable', () => {
    const shown = shownText(`model '${LINK}' not found`);
    assert.ok(!shown.includes('['), shown);
    assert.ok(!shown.includes(']('), shown);
    assert.equal(shown, "model '(Fix)(command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)' not found");
  });

  it('autolinks and HTML lose their angle brackets', () => {
    assert.equal(shownText('<command:workbench.action.quit> <img src=x>'), '\u2039command:workbench.action.quit\u203A \u2039img src=x\u203A');
  });

  it('one line: control characters, direction overrides and whitespace runs become one space', () => {
    assert.equal(shownText('  a\n\n\tb\u0007c\u202Ed\r\n  '), 'a b c d');
  });

  it('capped with an ellipsis, never inside a surrogate pair', () => {
    assert.equal(shownText('x'.repeat(10_000)).length, UNTRUSTED_MAX_CHARS);
    assert.ok(shownText('x'.repeat(10_000)).endsWith('\u2026'));
    const emoji = shownText('a' + '🎉'.repeat(100), 10);
    assert.equal(emoji, 'a🎉🎉🎉🎉\u2026');
    assert.equal(shownText('short'), 'short');
  });
});

describe('markdownText: untrusted text inside a Markdown tooltip', () => {
  it('escapes what could still format, icons included, and keeps links broken', () => {
    assert.equal(markdownText('$(zap) **bold** `code` ~x~ &amp; a_b \\'), '\\$(zap) \\*\\*bold\\*\\* \\`code\\` \\~x\\~ \\&amp; a\\_b \\\\');
    assert.ok(!markdownText(LINK).includes(']('));
  });

  it('leaves an ordinary model name as it is', () => {
    assert.equal(markdownText('deepseek-coder:1.3b-base'), 'deepseek-coder:1.3b-base');
  });
});

describe('capText: server text is bounded', () => {
  it('capText keeps line breaks and cuts with an ellipsis', () => {
    assert.equal(capText('a\nb', 10), 'a\nb');
    assert.equal(capText('abcdef', 4), 'abc\u2026');
  });
});
