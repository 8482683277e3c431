import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildStatusState, canResume, type StatusFacts } from '../../src/vscode/model/statusModel';

const NOW = 1_700_000_000_000;

/** A backend that is set up and idle: every test changes only the facts it is about. */
function facts(overrides: Partial<StatusFacts> = {}): StatusFacts {
  return { off: false, snoozedUntil: 0, missingApiKey: false, restricted: false, backoffLeftMs: 0, busy: false, now: NOW, ...overrides };
}

const unreachable = { kind: 'unreachable', message: 'Ollama is not running at http://127.0.0.1:11434.' } as const;
const rejected = { kind: 'unauthorized', message: 'The DeepSeek API rejected the key.' } as const;

describe('status model', () => {
  it('ready when nothing stands in the way, busy while a request runs', () => {
    assert.deepEqual(buildStatusState(facts()), { kind: 'ready' });
    assert.deepEqual(buildStatusState(facts({ busy: true })), { kind: 'busy' });
  });

  it('off outranks everything, even a snooze and a broken setting', () => {
    assert.deepEqual(buildStatusState(facts({ off: true, snoozedUntil: NOW + 60_000, buildError: { kind: 'config', message: 'refused' }, busy: true })), { kind: 'off' });
  });

  it('a snooze says until when, ahead of any failure', () => {
    assert.deepEqual(buildStatusState(facts({ snoozedUntil: NOW + 60_000, lastError: unreachable })), { kind: 'snoozed', until: NOW + 60_000 });
  });

  it('settings that make no backend are shown with their message, ahead of a missing key', () => {
    assert.deepEqual(buildStatusState(facts({ buildError: { kind: 'config', message: 'deepseekFim.ollama.host is refused' }, missingApiKey: true })), {
      kind: 'error',
      cause: 'config',
      message: 'deepseekFim.ollama.host is refused',
    });
  });

  it('a missing DeepSeek key says how to fix it, ahead of Restricted Mode', () => {
    assert.deepEqual(buildStatusState(facts({ missingApiKey: true, restricted: true })), { kind: 'error', cause: 'noKey', message: 'No DeepSeek API key: click to set one.' });
  });

  it('Restricted Mode comes before the engine\'s failures', () => {
    assert.deepEqual(buildStatusState(facts({ restricted: true, blockingError: rejected, lastError: unreachable })), { kind: 'restricted' });
  });

  it('a failure only the user can fix is shown even when the last request failed otherwise', () => {
    assert.deepEqual(buildStatusState(facts({ blockingError: rejected, lastError: unreachable, backoffLeftMs: 4000 })), { kind: 'error', cause: 'unauthorized', message: rejected.message });
  });

  it('backing off after a transient failure: its cause and when the next try may go', () => {
    assert.deepEqual(buildStatusState(facts({ lastError: unreachable, backoffLeftMs: 4000, busy: true })), { kind: 'backingOff', until: NOW + 4000, cause: 'unreachable' });
  });

  it('after the back-off the last failure stays shown until a request succeeds', () => {
    assert.deepEqual(buildStatusState(facts({ lastError: unreachable })), { kind: 'error', cause: 'unreachable', message: unreachable.message });
  });

  it('a back-off with no failure of its own to name (the failure was cleared) does not show', () => {
    assert.deepEqual(buildStatusState(facts({ backoffLeftMs: 4000 })), { kind: 'ready' });
  });

  it('a language switched off is said for the active editor, after failures and before busy', () => {
    assert.deepEqual(buildStatusState(facts({ disabledLanguage: 'markdown', busy: true })), { kind: 'languageDisabled', languageId: 'markdown' });
    assert.equal(buildStatusState(facts({ disabledLanguage: 'markdown', lastError: unreachable })).kind, 'error');
  });

  it('Resume is offered while snoozed and when the balance ran out, not otherwise', () => {
    assert.equal(canResume(buildStatusState(facts({ snoozedUntil: NOW + 1000 }))), true);
    assert.equal(canResume(buildStatusState(facts({ blockingError: { kind: 'noBalance', message: 'Balance empty.' } }))), true);
    assert.equal(canResume(buildStatusState(facts({ blockingError: rejected }))), false);
    assert.equal(canResume(buildStatusState(facts())), false);
  });
});
