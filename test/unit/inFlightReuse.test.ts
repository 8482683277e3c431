import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdaptiveDebounce } from '../../src/engine/adaptiveDebounce';
import { CompletionCache } from '../../src/engine/completionCache';
import { RepoContext } from '../../src/engine/context/repoContext';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings, type EngineStats } from '../../src/engine/engineTypes';
import { BackendError } from '../../src/engine/errors';
import { FirstTokenDeadline } from '../../src/engine/firstTokenDeadline';
import { InFlightReuse, MISMATCH } from '../../src/engine/inFlightReuse';
import type { PendingRequest } from '../../src/engine/pendingRequest';
import type { PredictionMatch } from '../../src/engine/prediction';
import { filterContextFor, promptFor } from '../../src/engine/promptForPlace';
import { ServerSpeed } from '../../src/engine/serverSpeed';
import { RequestBookkeeping } from '../../src/engine/requestBookkeeping';
import { RollingWindow } from '../../src/engine/rollingStats';
import { FailureGate } from '../../src/engine/failureGate';
import { silentLogger, type CompletionBackend, type StreamEvent } from '../../src/engine/types';
import { FakeBackend, sleep } from '../support/fakeBackend';
import { withCursor } from '../support/textDocument';

const SETTINGS: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, otherFilesMaxChars: 0 };

/** The reuse module wired as the engine wires it, with requests started and ended by the bookkeeping. */
function setup(backend: CompletionBackend, now: () => number = () => performance.now()) {
  const cache = new CompletionCache({ maxEntries: 100, maxBytes: 1_000_000 });
  const stats: EngineStats = { keystrokes: 0, requests: 0, abortedRequests: 0, cacheHits: 0, typedAheadHits: 0, inFlightReuses: 0, errors: 0 };
  const debounce = new AdaptiveDebounce();
  const firstTokens = new FirstTokenDeadline();
  const late: string[] = [];
  const requests = new RequestBookkeeping({
    cache, stats, gate: new FailureGate(), latencies: new RollingWindow(50), firstTokens, serverSpeed: new ServerSpeed(), log: silentLogger, now,
    events: { onLateCompletion: (key) => late.push(key) },
  });
  const reuse = new InFlightReuse({ cache, stats, debounce, firstTokens, now, log: silentLogger });
  const place = (marked: string) => {
    const { doc, position } = withCursor(marked);
    return promptFor({ editorKey: 'doc', document: doc, position }, SETTINGS, new RepoContext()).window;
  };
  const start = (marked: string, multiline = false): PendingRequest => {
    const request = requests.startRequest(backend, place(marked), multiline, SETTINGS, undefined);
    void request.finished.then(() => requests.recordRequestEnd(request, 'doc'));
    return request;
  };
  /** One keystroke waiting on `request` for the prompt `marked`. */
  const serve = (request: PendingRequest, marked: string, cancel = new AbortController().signal, multiline = false) => {
    const window = place(marked);
    return reuse.waitAndServe(request, window, filterContextFor(window, multiline, SETTINGS), cancel, 'doc', 'in-flight');
  };
  return { reuse, start, serve, place, cache, stats, debounce, firstTokens, late };
}

describe('in-flight reuse', () => {
  it('typing on while the answer streams is served by the same request, without a second one', async () => {
    const backend = new FakeBackend(() => 'compute(alpha, beta)');
    backend.firstTokenMs = 30;
    backend.perChunkMs = 10;
    const { reuse, start, serve, place } = setup(backend);
    const request = start('x = |\n');
    assert.ok(reuse.canServe(request, place('x = com|\n'), backend.model), 'what was typed can still match');
    const served = await serve(request, 'x = com|\n');
    assert.notEqual(served, MISMATCH);
    assert.equal(served && served !== MISMATCH ? served.insertText : undefined, 'pute(alpha, beta)');
    assert.equal(served && served !== MISMATCH ? served.source : undefined, 'in-flight');
    assert.equal(backend.calls.length, 1);
  });

  it('typing something the answer does not start with gives up on it: the caller is told to ask again', async () => {
    const backend = new FakeBackend(() => 'compute(a)');
    backend.firstTokenMs = 20;
    const { reuse, start, serve, place } = setup(backend);
    const request = start('x = |\n');
    assert.ok(reuse.canServe(request, place('x = q|\n'), backend.model), 'before the first token anything may still match');
    assert.equal(await serve(request, 'x = q|\n'), MISMATCH);
    await request.finished;
    assert.equal(reuse.canServe(request, place('x = q|\n'), backend.model), false, 'an answer that ended elsewhere is not waited on again');
    assert.equal(reuse.canServe(request, place('x = |\n'), backend.model), false, 'nor is one that has ended at all');
  });

  it('a multi-line answer shows its first complete lines while the rest streams, and reports the rest when it ends', async () => {
    const answer = 'total = 0\n    for x in xs:\n        total += x\n    return total';
    const backend = new FakeBackend(() => answer);
    // Six chunks, 250 ms apart: the rest takes longer than the longest grace period of a request
    // nobody waits on (600 ms), as a large model on a laptop GPU does. It must still arrive.
    backend.chunkSize = 12;
    backend.perChunkMs = 250;
    const { start, serve, late } = setup(backend);
    const request = start('def total(xs):\n    |\n', true);
    const served = await serve(request, 'def total(xs):\n    |\n', undefined, true);
    assert.ok(served && served !== MISMATCH);
    assert.equal(served.partial, true);
    assert.equal(request.done, false, 'shown while the request still streams');
    assert.ok(served.insertText.length > 0 && answer.startsWith(served.insertText) && served.insertText.length < answer.length);
    assert.ok(!served.insertText.endsWith('\n') && answer[served.insertText.length] === '\n', 'cut at a line end, never mid-line');
    assert.deepEqual(late, []);
    await request.finished;
    assert.equal(request.outcome, 'ok', 'the rest was not given up');
    assert.deepEqual(late, ['doc'], 'the editor is told to show the whole answer');
  });

  it('a single-line answer is shown only when it is complete', async () => {
    const backend = new FakeBackend(() => 'compute(alpha, beta, gamma)');
    backend.perChunkMs = 10;
    const { start, serve } = setup(backend);
    const request = start('x = |\n');
    const served = await serve(request, 'x = |\n');
    assert.ok(served && served !== MISMATCH);
    assert.deepEqual([served.insertText, served.partial, request.done], ['compute(alpha, beta, gamma)', false, true]);
  });

  it('a request that fails mid-stream shows nothing of what it streamed', async () => {
    const failing: CompletionBackend = {
      label: 'Failing',
      model: 'fake-model',
      async *complete(): AsyncIterable<StreamEvent> {
        yield { type: 'text', text: 'compute(' };
        await sleep(10);
        throw new BackendError('server', 'HTTP 500');
      },
    };
    const { start, serve } = setup(failing);
    const request = start('x = |\n');
    assert.equal(await serve(request, 'x = |\n'), undefined);
    assert.equal(request.outcome, 'error');
  });

  it('a keystroke that stops waiting leaves the request alive, and the next keystroke adopts it', async () => {
    const backend = new FakeBackend(() => 'compute(a)');
    backend.firstTokenMs = 100;
    const { start, serve } = setup(backend);
    const request = start('x = |\n');
    const cancel = new AbortController();
    const first = serve(request, 'x = |\n', cancel.signal);
    await sleep(10);
    cancel.abort(); // VS Code cancels the call on the next keystroke
    assert.equal(await first, undefined);
    const second = await serve(request, 'x = c|\n');
    assert.ok(second && second !== MISMATCH);
    assert.equal(second.insertText, 'ompute(a)');
    assert.equal(backend.calls[0].aborted, false);
  });

  it('a request nobody waits on any more is aborted after the grace period, not at once', async () => {
    const backend = new FakeBackend(() => 'slow');
    backend.firstTokenMs = 5000;
    const { reuse, start, serve } = setup(backend);
    assert.equal(reuse.graceMs(), 600, 'no typing rhythm known yet: three default gaps');
    const request = start('x = |\n');
    const cancel = new AbortController();
    const waiting = serve(request, 'x = |\n', cancel.signal);
    cancel.abort();
    await waiting;
    await sleep(300);
    assert.equal(backend.calls[0].aborted, false, 'still alive within the grace period');
    await sleep(400);
    assert.equal(backend.calls[0].aborted, true);
    assert.equal(request.outcome, 'aborted');
  });

  it('the grace period follows the typing rhythm: a fast typist abandons requests sooner than a slow one', () => {
    const backend = new FakeBackend(() => '');
    const fast = setup(backend);
    for (const at of [0, 40, 80, 120]) fast.debounce.noteKeystroke(at);
    const slow = setup(backend);
    for (const at of [0, 150, 300, 450]) slow.debounce.noteKeystroke(at);
    const pausing = setup(backend);
    for (const at of [0, 1000, 2000]) pausing.debounce.noteKeystroke(at);
    assert.deepEqual([fast.reuse.graceMs(), slow.reuse.graceMs(), pausing.reuse.graceMs()], [150, 450, 600]);
  });

  it('a request still silent past the server\'s habit is not waited on once the typing has moved on', async () => {
    const backend = new FakeBackend(() => 'late');
    backend.firstTokenMs = 5000;
    let clock = 0;
    const { reuse, start, place, firstTokens } = setup(backend, () => clock);
    for (let i = 0; i < 5; i++) firstTokens.record(100); // this server answers within 100 ms
    const request = start('x = |\n');
    clock = 300;
    assert.ok(reuse.canServe(request, place('x = c|\n'), backend.model), 'not silent yet');
    clock = 600;
    assert.equal(reuse.canServe(request, place('x = c|\n'), backend.model), false, 'silent, and the typing moved on');
    assert.ok(reuse.canServe(request, place('x = |\n'), backend.model), 'the same keystroke again still waits for it');
    request.abort();
    await request.finished;
  });

  it('the prediction for the line after Enter is served from the cache once it ends, or the caller asks afresh', async () => {
    const backend = new FakeBackend(() => 'compute(a)');
    const { reuse, start, place, cache, stats } = setup(backend);
    const request = start('x = |\n');
    const match = (kind: PredictionMatch['kind']): PredictionMatch => ({ kind, prediction: { request, plan: { target: { window: place('x = |\n') } }, shownPrefix: 'x' } });
    const served = async (marked: string, kind: PredictionMatch['kind'] = 'afterEnter') => {
      const window = place(marked);
      return reuse.serveFromPrediction(match(kind), window, filterContextFor(window, false, SETTINGS), new AbortController().signal, 'doc');
    };
    const typedAhead = await served('x = comp|\n');
    assert.ok(typedAhead && typedAhead !== MISMATCH);
    assert.deepEqual([typedAhead.insertText, typedAhead.source], ['ute(a)', 'typed-ahead']);
    assert.ok(cache.get(backend.model, place('x = |\n').prefix, place('x = |\n').suffix));
    assert.equal(await served('y = |\n'), MISMATCH, 'nothing cached for this prompt');
    // The tooltip's hit rate is made of these counts: a typed-ahead answer is not an exact cache
    // hit, and a prediction that did not match served nothing.
    assert.equal(await served('x = zz|\n', 'same'), MISMATCH);
    assert.deepEqual([stats.typedAheadHits, stats.cacheHits, stats.inFlightReuses], [1, 0, 0]);
  });
});

