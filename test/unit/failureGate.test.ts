// A failing backend is not hammered: transient failures back off (1 s, doubling, at most 30 s)
// and the first keystroke after the back-off is let through; a failure only the user can fix
// stops requests until settings, key or resume change.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BackendError, type BackendErrorKind } from '../../src/engine/errors';
import { FailureGate } from '../../src/engine/failureGate';

const failure = (kind: BackendErrorKind = 'unreachable') => new BackendError(kind, `${kind} failure`);

describe('transient failures back off', () => {
  it('a fresh gate lets every request through', () => {
    const gate = new FailureGate();
    assert.equal(gate.isBlocked(0), false);
    assert.equal(gate.backoffLeftMs(0), 0);
    assert.equal(gate.blockingError, undefined);
  });

  it('after one failure, requests wait 1 s, then one is let through', () => {
    const gate = new FailureGate();
    gate.noteFailure(failure(), 10_000);
    assert.equal(gate.isBlocked(10_000), true);
    assert.equal(gate.isBlocked(10_999), true);
    assert.equal(gate.backoffLeftMs(10_400), 600);
    assert.equal(gate.isBlocked(11_000), false);
    assert.equal(gate.backoffLeftMs(11_000), 0);
  });

  it('each further failure in a row doubles the wait: 1, 2, 4, 8 s', () => {
    const gate = new FailureGate();
    let now = 0;
    for (const expected of [1000, 2000, 4000, 8000]) {
      gate.noteFailure(failure('server'), now);
      assert.equal(gate.backoffLeftMs(now), expected);
      now += expected;
      assert.equal(gate.isBlocked(now), false, 'the retry after the back-off is let through');
    }
  });

  it('the wait never grows past 30 s, however long the server stays down', () => {
    const gate = new FailureGate();
    let now = 0;
    for (let i = 0; i < 40; i++) {
      gate.noteFailure(failure('timeout'), now);
      assert.ok(gate.backoffLeftMs(now) <= 30_000, `${gate.backoffLeftMs(now)} ms`);
      now += gate.backoffLeftMs(now);
    }
    assert.equal(gate.backoffLeftMs(now - 30_000), 30_000);
  });

  it('one success ends the back-off and the next failure starts again at 1 s', () => {
    const gate = new FailureGate();
    for (let i = 0; i < 5; i++) gate.noteFailure(failure('rateLimited'), 0);
    gate.noteSuccess();
    assert.equal(gate.isBlocked(1), false);
    gate.noteFailure(failure('rateLimited'), 100_000);
    assert.equal(gate.backoffLeftMs(100_000), 1000);
  });

  it('a malformed answer or a rate limit backs off too, and is not shown as needing the user', () => {
    for (const kind of ['malformed', 'rateLimited', 'server', 'timeout', 'unreachable'] as const) {
      const gate = new FailureGate();
      gate.noteFailure(failure(kind), 0);
      assert.equal(gate.isBlocked(500), true, kind);
      assert.equal(gate.blockingError, undefined, kind);
    }
  });
});

describe('failures only the user can fix', () => {
  for (const kind of ['noKey', 'unauthorized', 'noBalance', 'config'] as const) {
    it(`${kind}: no request at all until reset, however long one waits`, () => {
      const gate = new FailureGate();
      const error = failure(kind);
      gate.noteFailure(error, 0);
      assert.equal(gate.isBlocked(0), true);
      assert.equal(gate.isBlocked(24 * 3600_000), true);
      assert.equal(gate.blockingError, error, 'the error to show the user');
    });
  }

  it('a success of another request does not lift it: only a change by the user does', () => {
    const gate = new FailureGate();
    gate.noteFailure(failure('unauthorized'), 0);
    gate.noteSuccess();
    assert.equal(gate.isBlocked(60_000), true);
    gate.reset();
    assert.equal(gate.isBlocked(60_000), false);
    assert.equal(gate.blockingError, undefined);
  });

  it('reset (settings, key or resume changed) also ends a transient back-off at once', () => {
    const gate = new FailureGate();
    for (let i = 0; i < 4; i++) gate.noteFailure(failure(), 0);
    gate.reset();
    assert.equal(gate.isBlocked(0), false);
    gate.noteFailure(failure(), 0);
    assert.equal(gate.backoffLeftMs(0), 1000, 'the count of failures in a row starts over');
  });
});
