// A server that sometimes never answers must neither stall the person nor cause a burst: the
// first-token deadline follows the server's observed latency, a keystroke that moved past a
// silent request asks afresh, and keystrokes that waited together start one request, not one each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/engine/completionEngine';
import { DEADLINE_FLOOR_MS } from '../../src/engine/firstTokenDeadline';
import { silentLogger } from '../../src/engine/types';
import { FakeBackend, sleep } from '../support/fakeBackend';
import { withCursor } from '../support/textDocument';

const SILENT_MS = 60_000;

function setup(overrides: Partial<EngineSettings> = {}) {
  const backend = new FakeBackend((request) => `answer_${request.prefix.length}`);
  backend.firstTokenMs = 20;
  const settings: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0, requestTimeoutMs: 20_000, ...overrides };
  const engine = new CompletionEngine({ backend: () => backend, settings: () => settings, log: silentLogger });
  const ask = (marked: string, signal = new AbortController().signal) => {
    const { doc, position } = withCursor(marked);
    return engine.provide({ editorKey: 'doc', document: doc, position }, signal);
  };
  return { backend, engine, ask };
}

/** Ten healthy requests, so the engine knows the server answers in about 20 ms. */
async function warmUp(ask: (marked: string) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 10; i++) await ask(`warm_${i} = |\n`);
}

describe('a silent server', () => {
  it('a silent request is given up after a few times the usual first-token time, not the 20 s setting', async () => {
    const { backend, ask } = setup();
    await warmUp(ask);
    backend.firstTokenMs = SILENT_MS;
    const started = performance.now();
    assert.equal(await ask('silent = |\n'), undefined);
    const waited = performance.now() - started;
    assert.ok(waited < DEADLINE_FLOOR_MS + 1000, `waited ${Math.round(waited)} ms for a silent server`);
    assert.ok(backend.calls.at(-1)?.aborted, 'the silent request was not cancelled');
  });

  it('a keystroke that moved past a silent request abandons it and asks afresh', async () => {
    const { backend, ask } = setup();
    await warmUp(ask);
    backend.firstTokenMs = SILENT_MS;
    const stale = ask('value = |\n');
    await sleep(50);
    backend.firstTokenMs = 20;
    await sleep(700); // past twice the p90 and the silent floor
    const started = performance.now();
    const fresh = await ask('value = a|\n');
    assert.equal(fresh?.insertText, `answer_${'value = a'.length}`);
    assert.ok(performance.now() - started < 500, 'the keystroke waited on the silent request');
    assert.equal(await stale, undefined);
    assert.ok(backend.calls.find((call) => call.request.prefix === 'value = ')?.aborted, 'the silent request was left running');
  });

  it('keystrokes that waited together start one request, the newest, never two with one prompt', async () => {
    const { backend, ask } = setup();
    await warmUp(ask);
    backend.firstTokenMs = 300;
    const first = ask('total = |\n');
    await sleep(50);
    const before = backend.calls.length;
    const inFlightBefore = backend.maxInFlight;
    backend.maxInFlight = 0;
    // Keystrokes the old request cannot serve, arriving together: each used to wind the old one
    // down and then start its own request, two of them with the same prompt.
    const waiting = ['x = 1|\n', 'x = 1|\n', 'x = 12|\n'].map((marked) => ask(marked));
    const results = await Promise.all(waiting);
    await first;
    const started = backend.calls.slice(before);
    assert.deepEqual(started.map((call) => call.request.prefix), ['x = 12'], 'only the newest keystroke asks');
    assert.equal(results.at(-1)?.insertText, `answer_${'x = 12'.length}`);
    assert.ok(backend.maxInFlight <= 1, `${backend.maxInFlight} requests in flight at once (before: ${inFlightBefore})`);
  });
});
