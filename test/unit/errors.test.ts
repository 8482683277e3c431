// Every backend failure is one BackendError: a bounded message the user reads, a kind that says
// whether completions retry quietly or wait for the user, and no API key in any text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BackendError, isAbortError, scrubSecrets, type BackendErrorKind } from '../../src/engine/errors';

describe('BackendError', () => {
  it('a BackendError built from a 5 MB body has a bounded message and detail', () => {
    const body = '*'.repeat(5 * 1024 * 1024);
    const error = new BackendError('server', `Ollama failed (500): ${body}`, 500, body);
    assert.equal(error.message.length, BackendError.MAX_MESSAGE_CHARS);
    assert.equal(error.detail?.length, BackendError.MAX_DETAIL_CHARS);
    assert.ok(error.message.startsWith('Ollama failed (500): ***'));
  });

  it('a short message and its status reach the user as they are', () => {
    const error = new BackendError('modelMissing', 'Model deepseek-coder:1.3b-base is not installed: run ollama pull deepseek-coder:1.3b-base.', 404);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'BackendError');
    assert.equal(error.message, 'Model deepseek-coder:1.3b-base is not installed: run ollama pull deepseek-coder:1.3b-base.');
    assert.equal(error.status, 404);
    assert.equal(error.detail, undefined);
  });

  it('a failure that may pass by itself is retried quietly; one the user must fix is not', () => {
    const transient: BackendErrorKind[] = ['unreachable', 'timeout', 'rateLimited', 'server', 'malformed'];
    const needsAction: BackendErrorKind[] = ['modelMissing', 'noKey', 'unauthorized', 'noBalance', 'badRequest', 'config'];
    for (const kind of transient) assert.equal(new BackendError(kind, 'x').isTransient, true, kind);
    for (const kind of needsAction) assert.equal(new BackendError(kind, 'x').isTransient, false, kind);
  });
});

describe('isAbortError: a cancelled request is not a failure', () => {
  it('the abort of an AbortController, and the OpenAI client\'s own abort error', () => {
    const controller = new AbortController();
    controller.abort();
    assert.equal(isAbortError(controller.signal.reason), true);
    const clientAbort = Object.assign(new Error('Request was aborted.'), { name: 'APIUserAbortError' });
    assert.equal(isAbortError(clientAbort), true);
  });

  it('real failures and things that are not errors at all', () => {
    assert.equal(isAbortError(new Error('socket hang up')), false);
    assert.equal(isAbortError(new BackendError('timeout', 'No answer')), false);
    for (const value of [undefined, null, 'AbortError', 42]) assert.equal(isAbortError(value), false, String(value));
  });
});

describe('scrubSecrets: no key in a log line or a message', () => {
  it('a DeepSeek-style key anywhere in the text', () => {
    assert.equal(scrubSecrets('401 for key sk-0123456789abcdef: rejected'), '401 for key [key]: rejected');
  });

  it('the key in use, whatever it looks like (a team server token)', () => {
    assert.equal(scrubSecrets('Bearer tok_9f8e7d6c5b4a rejected', 'tok_9f8e7d6c5b4a'), 'Bearer [key] rejected');
  });

  it('DeepSeek\'s masked tail of a key ("****abcd")', () => {
    assert.equal(scrubSecrets('Authentication Fails, Your api key: ****abcd is invalid'), 'Authentication Fails, Your api key: [key] is invalid');
  });

  it('text without secrets is left readable: a lone star, "sk-" without a key after it', () => {
    assert.equal(scrubSecrets('a * b = c'), 'a * b = c');
    assert.equal(scrubSecrets('the desk- lamp'), 'the desk- lamp');
    assert.equal(scrubSecrets('risk-management task-queue'), 'risk-management task-queue');
  });

  it('a "key" setting of a few characters is not blanked out of every word that contains it', () => {
    assert.equal(scrubSecrets('total = abc + abcd', 'abc'), 'total = abc + abcd');
  });
});
