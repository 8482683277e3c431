// The fixtures' model of a local server: only prompt tokens past the cached prefix cost time,
// one request at a time, and an abort keeps what was processed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitIntoTokens } from '../fixtures/fixtureTokenizer';
import { KvCacheModel } from '../fixtures/kvCacheModel';

const COST = { slots: 1, msPerPromptToken: 1, msPerGeneratedToken: 1, baseMs: 0, batchTokens: 4 };
const HEAD = 'def total(values):\n    result = 0\n    for value in values:\n';

describe('KvCacheModel', () => {
  it('a prompt that extends the one held costs only its new tokens', async () => {
    const kv = new KvCacheModel(COST);
    const first = await kv.process(`${HEAD}        res`, new AbortController().signal);
    first.lease?.release();
    const second = await kv.process(`${HEAD}        result +=`, new AbortController().signal);
    second.lease?.release();
    assert.equal(first.processing.cachedTokens, 0);
    assert.equal(first.processing.processedTokens, splitIntoTokens(`${HEAD}        res`).length);
    const total = splitIntoTokens(`${HEAD}        result +=`).length;
    assert.ok(second.processing.cachedTokens > 0 && second.processing.processedTokens < 6, JSON.stringify(second.processing));
    assert.equal(second.processing.cachedTokens + second.processing.processedTokens, total);
  });
  it('a change near the start costs the whole rest of the prompt again', async () => {
    const kv = new KvCacheModel(COST);
    (await kv.process(`${HEAD}x`, new AbortController().signal)).lease?.release();
    const changed = await kv.process(`# header\n${HEAD}x`, new AbortController().signal);
    changed.lease?.release();
    assert.equal(changed.processing.cachedTokens, 0);
  });
  it('one request at a time: the second waits in the queue until the first releases its slot', async () => {
    const kv = new KvCacheModel({ ...COST, msPerPromptToken: 0 });
    const first = await kv.process('a', new AbortController().signal);
    const second = kv.process('b', new AbortController().signal);
    assert.equal(kv.queueLength, 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    first.lease?.release();
    const { processing } = await second;
    assert.ok(processing.queueMs >= 25, `queued ${processing.queueMs} ms`);
  });
  it('a request dropped during its prompt leaves the whole batches it processed in the cache', async () => {
    const kv = new KvCacheModel({ ...COST, msPerPromptToken: 2 });
    const prompt = 'word '.repeat(200);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 60);
    const dropped = await kv.process(prompt, abort.signal);
    assert.equal(dropped.lease, undefined);
    assert.ok(dropped.processing.abortedInPrompt && dropped.processing.processedTokens > 0 && dropped.processing.processedTokens % 4 === 0, JSON.stringify(dropped.processing));
    const again = await kv.process(prompt, new AbortController().signal);
    again.lease?.release();
    assert.equal(again.processing.cachedTokens, dropped.processing.processedTokens);
  });
});
