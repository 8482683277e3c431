// One request to the backend, shared by every keystroke its answer still fits: what it streams
// is cut at special tokens and at the limits, a silent server is timed out, and the request is
// cancelled only once nobody can use it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BackendError } from '../../src/engine/errors';
import { END_OF_SENTENCE, fimStopSequences } from '../../src/engine/fimTemplate';
import { PendingRequest, type RequestLimits } from '../../src/engine/pendingRequest';
import type { CompletionRequest } from '../../src/engine/types';
import { FakeBackend, sleep } from '../support/fakeBackend';

const PREFIX = 'def total(items):\n    return ';
const SUFFIX = '\n';
const LIMITS: RequestLimits = { firstTokenTimeoutMs: 5000, maxGenerationMs: 5000, maxChars: 2000, maxLineBreaks: 16 };

type BackendTweaks = Partial<Pick<FakeBackend, 'firstTokenMs' | 'perChunkMs' | 'chunkSize' | 'failWith'>>;

/** Starts a request; the backend is set up first, since the request reaches it at once. */
function start(answer: string, options: { limits?: Partial<RequestLimits>; request?: Partial<CompletionRequest>; backend?: BackendTweaks } = {}) {
  const backend = Object.assign(new FakeBackend(() => answer), options.backend);
  const limits = options.limits ?? {};
  const request = options.request ?? {};
  const full: CompletionRequest = { model: backend.model, prefix: PREFIX, suffix: SUFFIX, maxTokens: 64, temperature: 0, stop: fimStopSequences(false), ...request };
  return { backend, pending: new PendingRequest(full, backend, { ...LIMITS, ...limits }, () => performance.now()) };
}

describe('streaming the answer', () => {
  it('collects the whole answer, its token usage and when the first token came', async () => {
    const { pending } = start('sum(items)');
    await pending.finished;
    assert.equal(pending.text, 'sum(items)');
    assert.equal(pending.outcome, 'ok');
    assert.deepEqual(pending.usage, { promptTokens: 10, completionTokens: 5 });
    assert.ok(pending.firstTokenAt !== undefined && pending.firstTokenAt >= pending.startedAt);
  });

  it('tells listeners as text arrives, and stops telling one that unsubscribed', async () => {
    const { pending } = start('sum(item.price for item in items)');
    let seen = 0;
    let afterUnsubscribe = 0;
    const unsubscribe = pending.onProgress(() => {
      seen++;
      if (pending.text.length >= 8) unsubscribe();
    });
    pending.onProgress(() => afterUnsubscribe++);
    await pending.finished;
    assert.ok(seen >= 2 && seen < afterUnsubscribe, `${seen} calls before unsubscribing, ${afterUnsubscribe} in all`);
  });

  it('ends at a special token, even one split across chunks, and stops reading', async () => {
    const { backend, pending } = start(`sum(items)${END_OF_SENTENCE}def unrelated(): pass`, { backend: { chunkSize: 3 } });
    await pending.finished;
    assert.equal(pending.text, 'sum(items)');
    assert.equal(pending.outcome, 'ok');
    assert.equal(backend.calls[0].finished, false, 'the stream was read to its end');
  });

  it('stops once the answer holds as many line breaks as allowed; a leading one does not count', async () => {
    const { backend, pending } = start('\nx = 1\ny = 2\nz = 3\nw = 4\n', { limits: { maxLineBreaks: 1 }, backend: { chunkSize: 1 } });
    await pending.finished;
    assert.equal(pending.text, '\nx = 1\ny = 2\n');
    assert.equal(pending.outcome, 'ok');
    assert.equal(backend.calls[0].finished, false);
  });

  it('a 10 MB answer is cut at the size limit and not read further', async () => {
    const { backend, pending } = start('x'.repeat(10_000_000), { limits: { maxChars: 100 }, backend: { chunkSize: 64 } });
    await pending.finished;
    assert.equal(pending.text, 'x'.repeat(100));
    assert.equal(pending.outcome, 'ok');
    assert.equal(backend.calls[0].finished, false);
  });

  it('the size limit never cuts an emoji in half', async () => {
    const { pending } = start('🎉'.repeat(10), { limits: { maxChars: 5 }, backend: { chunkSize: 4 } });
    await pending.finished;
    assert.equal(pending.text, '🎉🎉');
  });

  it('chunks that split an emoji: the capped answer holds whole emoji only, and the request stops at the cap', async () => {
    const { pending, backend } = start('🎉'.repeat(10), { limits: { maxChars: 5, maxGenerationMs: 60_000 }, backend: { chunkSize: 3, perChunkMs: 5 } });
    const started = performance.now();
    await pending.finished;
    assert.equal(pending.text, '🎉🎉');
    assert.doesNotMatch(pending.text, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, 'no lone half of a surrogate pair');
    assert.ok(performance.now() - started < 5_000, 'stopped at the cap, not at the generation time limit');
    assert.equal(backend.calls[0].finished, false, 'the rest of the stream was not read');
  });
});

describe('a server that is silent or slow', () => {
  it('no first token within the timeout: a timeout error the user can read, and the request cancelled', async () => {
    const { backend, pending } = start('late', { limits: { firstTokenTimeoutMs: 50 }, backend: { firstTokenMs: 10_000 } });
    const started = performance.now();
    await pending.finished;
    assert.ok(performance.now() - started < 2000, 'waited for the silent server');
    assert.equal(pending.outcome, 'error');
    assert.equal(pending.error?.kind, 'timeout');
    assert.match(pending.error?.message ?? '', /50 ms/);
    assert.equal(backend.calls[0].aborted, true);
  });

  it('still streaming after the longest generation time: cut, and what arrived is kept', async () => {
    const { backend, pending } = start('x'.repeat(400), { limits: { maxGenerationMs: 100 }, backend: { perChunkMs: 20 } });
    await pending.finished;
    assert.equal(pending.outcome, 'ok');
    assert.ok(pending.text.length > 0 && pending.text.length < 400, `${pending.text.length} characters`);
    assert.equal(backend.calls[0].aborted, true);
  });
});

describe('failures', () => {
  it('a backend error is kept as it is, for the message and the back-off', async () => {
    const error = new BackendError('rateLimited', 'Too many requests: completions resume shortly.', 429);
    const { pending } = start('x', { backend: { failWith: error } });
    await pending.finished;
    assert.equal(pending.outcome, 'error');
    assert.equal(pending.error, error);
  });

  it('anything else thrown becomes a malformed-answer error naming what happened', async () => {
    const { pending } = start('x', { backend: { failWith: new TypeError('Cannot read properties of undefined') } });
    await pending.finished;
    assert.equal(pending.error?.kind, 'malformed');
    assert.match(pending.error?.message ?? '', /Cannot read properties of undefined/);
  });
});

describe('which keystrokes the answer can still serve', () => {
  it('a keystroke that typed the start of the answer is served by it, one that typed something else is not', async () => {
    const { pending } = start('sum(items)');
    await pending.finished;
    assert.equal(pending.canServe(PREFIX, SUFFIX, 'fake-model'), true);
    assert.equal(pending.canServe(`${PREFIX}sum(`, SUFFIX, 'fake-model'), true);
    assert.equal(pending.canServe(`${PREFIX}len(`, SUFFIX, 'fake-model'), false);
    assert.equal(pending.canServe(`${PREFIX}sum(items)`, SUFFIX, 'fake-model'), false, 'nothing left to show');
    assert.equal(pending.canServe('def other():\n    return ', SUFFIX, 'fake-model'), false);
  });

  it('not for another suffix (the code after the cursor changed) or another model', async () => {
    const { pending } = start('sum(items)');
    await pending.finished;
    assert.equal(pending.canServe(PREFIX, '\nprint(1)\n', 'fake-model'), false);
    assert.equal(pending.canServe(PREFIX, SUFFIX, 'other-model'), false);
  });

  it('while streaming, typing ahead of what arrived may still be served', async () => {
    const { pending } = start('sum(items)', { backend: { firstTokenMs: 200 } });
    assert.equal(pending.canServe(`${PREFIX}su`, SUFFIX, 'fake-model'), true);
    pending.abort();
    await pending.finished;
  });

  it('Enter after a single-line request: the answer stops at the newline, so it serves nothing past it', async () => {
    const { pending } = start('sum(items)', { request: { stop: fimStopSequences(true) } });
    assert.equal(pending.canServe(`${PREFIX}\n`, SUFFIX, 'fake-model'), false);
    await pending.finished;
  });

  it('a cancelled or failed request serves nobody', async () => {
    const { backend, pending } = start('sum(items)', { backend: { firstTokenMs: 1000 } });
    pending.abort();
    await pending.finished;
    assert.equal(pending.outcome, 'aborted');
    assert.equal(backend.calls[0].aborted, true);
    assert.equal(pending.canServe(PREFIX, SUFFIX, 'fake-model'), false);
    const failed = start('sum(items)', { backend: { failWith: new BackendError('server', 'Server error') } });
    await failed.pending.finished;
    assert.equal(failed.pending.canServe(PREFIX, SUFFIX, 'fake-model'), false);
  });
});

describe('cancelled only when nobody waits', () => {
  it('the last waiter leaving cancels the request after the grace period', async () => {
    const { backend, pending } = start('sum(items)', { backend: { firstTokenMs: 5000 } });
    pending.adoptWaiter();
    pending.releaseWaiter(30);
    await sleep(10);
    assert.equal(backend.calls[0].aborted, false, 'cancelled before the grace period ended');
    await pending.finished;
    assert.equal(pending.outcome, 'aborted');
    assert.equal(backend.calls[0].aborted, true);
  });

  it('a keystroke that adopts it within the grace period keeps it alive', async () => {
    const { pending } = start('sum(items)', { backend: { firstTokenMs: 150 } });
    pending.adoptWaiter();
    pending.releaseWaiter(30);
    pending.adoptWaiter();
    await pending.finished;
    assert.equal(pending.outcome, 'ok');
    assert.equal(pending.text, 'sum(items)');
  });

  it('while another waiter remains, one leaving does not cancel it', async () => {
    const { pending } = start('sum(items)', { backend: { firstTokenMs: 100 } });
    pending.adoptWaiter();
    pending.adoptWaiter();
    pending.releaseWaiter(1);
    await pending.finished;
    assert.equal(pending.outcome, 'ok');
    assert.equal(pending.waiters, 1);
  });
});
