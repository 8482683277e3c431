// The wait after a keystroke before a request goes out: none at a natural pause (after a space,
// punctuation, a line start, or just after an accept), and mid-word about one and a half of the
// person's usual gap between keystrokes, so a fast typist is not sent a request per letter and
// a slow one is not kept waiting. Always within the minDebounceMs/debounceMs settings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdaptiveDebounce, atWordBoundary } from '../../src/engine/adaptiveDebounce';

const LIMITS = { minMs: 0, maxMs: 400 };

/** Keystrokes every gapMs, starting at `from`; returns the time of the last one. */
function type(debounce: AdaptiveDebounce, count: number, gapMs: number, from = 0): number {
  let now = from;
  for (let i = 0; i < count; i++) {
    debounce.noteKeystroke(now);
    now += gapMs;
  }
  return now - gapMs;
}

describe('mid-word, the wait follows the typing rhythm', () => {
  it('with no rhythm known yet, half the longest wait', () => {
    assert.equal(new AdaptiveDebounce().delayMs('const tot', 0, LIMITS), 200);
  });

  it('one and a half of the usual gap between keystrokes', () => {
    const debounce = new AdaptiveDebounce();
    const now = type(debounce, 10, 100);
    assert.equal(debounce.typingGapMs(), 100);
    assert.equal(debounce.delayMs('const tot', now, LIMITS), 150);
  });

  it('a slower typist waits longer than a fast one, within the settings', () => {
    const fast = new AdaptiveDebounce();
    const slow = new AdaptiveDebounce();
    const fastNow = type(fast, 10, 60);
    const slowNow = type(slow, 10, 200);
    const fastWait = fast.delayMs('retu', fastNow, LIMITS);
    const slowWait = slow.delayMs('retu', slowNow, LIMITS);
    assert.equal(fastWait, 90);
    assert.equal(slowWait, 300);
  });

  it('never longer than debounceMs nor shorter than minDebounceMs', () => {
    const slow = new AdaptiveDebounce();
    const now = type(slow, 10, 1000);
    assert.equal(slow.delayMs('retu', now, { minMs: 0, maxMs: 250 }), 250);
    const fast = new AdaptiveDebounce();
    const then = type(fast, 10, 20);
    assert.equal(fast.delayMs('retu', then, { minMs: 80, maxMs: 400 }), 80);
  });

  it('a pause to think (1.5 s or more) is not taken as the rhythm', () => {
    const debounce = new AdaptiveDebounce();
    let now = type(debounce, 10, 100);
    for (let i = 0; i < 20; i++) {
      now += 5000;
      debounce.noteKeystroke(now);
    }
    assert.equal(debounce.typingGapMs(), 100);
  });

  it('the rhythm is the recent one: someone who speeds up gets shorter waits', () => {
    const debounce = new AdaptiveDebounce();
    const slowEnd = type(debounce, 40, 300);
    const now = type(debounce, 40, 80, slowEnd + 80);
    assert.equal(debounce.delayMs('retu', now, LIMITS), 120);
  });
});

describe('no wait where the person is about to look', () => {
  it('after a space, punctuation, an operator or at the start of a line', () => {
    const debounce = new AdaptiveDebounce();
    const now = type(debounce, 10, 200);
    for (const prefix of ['return ', 'foo(', 'x.', 'a =', '', '    ', 'items[', 'f(a,']) {
      assert.equal(debounce.delayMs(prefix, now, LIMITS), 0, JSON.stringify(prefix));
    }
  });

  it('the minimum setting still holds there', () => {
    assert.equal(new AdaptiveDebounce().delayMs('return ', 0, { minMs: 50, maxMs: 400 }), 50);
  });

  it('for a second after an accept, then the rhythm again', () => {
    const debounce = new AdaptiveDebounce();
    const now = type(debounce, 10, 200);
    debounce.noteAccepted(now);
    assert.equal(debounce.delayMs('value', now + 999, LIMITS), 0);
    assert.equal(debounce.acceptedWithin(now + 999, 1000), true);
    assert.equal(debounce.delayMs('value', now + 1000, LIMITS), 300);
    assert.equal(debounce.acceptedWithin(now + 1000, 1000), false);
  });
});

describe('word characters', () => {
  it('letters, digits, _ and $ continue a word, in any script; everything else ends one', () => {
    for (const prefix of ['tot', 'x1', 'my_', '$', 'caf\u00E9', '\u5909\u6570']) assert.equal(atWordBoundary(prefix), false, prefix);
    for (const prefix of ['a ', 'a.', 'a(', 'a-', 'a\t', '"', '']) assert.equal(atWordBoundary(prefix), true, JSON.stringify(prefix));
  });
});
