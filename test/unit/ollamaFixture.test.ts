// The Ollama fixture itself: other suites trust it to behave like Ollama on the wire, so its
// contract is tested here, through the real `ollama` client and, for exact bytes, raw HTTP.
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { after, afterEach, before, describe, it } from 'node:test';
import { Ollama } from 'ollama';
import { FIXTURE_TOKENS } from '../fixtures/fimTokens';
import { oracleAnswer, splitIntoTokens, startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';

const V1 = 'deepseek-coder:1.3b-base';
const V2 = 'deepseek-coder-v2:16b-lite-base';
const { fimBegin, fimHole, fimEnd, endOfSentence } = FIXTURE_TOKENS;

interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** ms from sending to the response headers. */
  headersAfterMs: number;
}

function rawPost(url: string, path: string, body: unknown): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const headersAfterMs = Date.now() - started;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, headersAfterMs }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function rawGet(url: string): Promise<{ status: number; contentType: string | undefined; body: string } | { errorCode: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(url, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: text }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ errorCode: error.code ?? error.message }));
    req.end();
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error & { status_code?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { status_code?: number };
  }
  assert.fail('expected a rejection');
}

describe('Ollama fixture', () => {
  let fixture: OllamaFixture;
  let client: Ollama;

  before(async () => {
    fixture = await startOllamaFixture({ models: [V1, V2] });
    client = new Ollama({ host: fixture.url });
  });
  afterEach(async () => {
    await fixture.waitUntil((f) => f.inFlight === 0);
    await fixture.setFault(null);
    fixture.setResponder(undefined);
    fixture.setDocuments([]);
    fixture.setLatency({ firstTokenMs: 10, perTokenMs: 1 });
    fixture.clearRequests();
    fixture.resetCounters();
  });
  after(async () => {
    await fixture.close();
  });

  it('streams NDJSON lines as Ollama writes them: Go escaping, field order, nanosecond metrics', async () => {
    fixture.setResponder(() => 'a<b && c>d');
    const reply = await rawPost(fixture.url, '/api/generate', { model: V1, prompt: `${fimBegin}x${fimHole}${fimEnd}`, raw: true, stream: true, options: { num_predict: 50 } });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'application/x-ndjson');
    assert.equal(reply.headers['transfer-encoding'], 'chunked');
    assert.ok(reply.body.endsWith('\n'));
    const lines = reply.body.slice(0, -1).split('\n');
    assert.ok(reply.body.includes('\\u003c') && reply.body.includes('\\u0026') && reply.body.includes('\\u003e'), reply.body);
    assert.ok(!/[<>&]/.test(reply.body), 'no raw <, > or & on the wire');
    const first = lines[0];
    assert.match(first, /^\{"model":"deepseek-coder:1\.3b-base","created_at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z","response":"[^"]*","done":false\}$/);
    const done = JSON.parse(lines.at(-1) ?? '') as Record<string, unknown>;
    assert.deepEqual(Object.keys(done), ['model', 'created_at', 'response', 'done', 'done_reason', 'total_duration', 'load_duration', 'prompt_eval_count', 'prompt_eval_duration', 'eval_count', 'eval_duration']);
    assert.equal(done.done_reason, 'stop');
    assert.equal(lines.slice(0, -1).map((l) => (JSON.parse(l) as { response: string }).response).join(''), 'a<b && c>d');
  });

  it('sends no response headers before the first token', async () => {
    fixture.setLatency({ firstTokenMs: 300 });
    const reply = await rawPost(fixture.url, '/api/generate', { model: V1, prompt: 'x', raw: true });
    assert.ok(reply.headersAfterMs >= 250, `headers after ${reply.headersAfterMs} ms`);
  });

  it('answers errors as {"error"} JSON with Ollama’s statuses and texts', async () => {
    const raw = await rejection(client.generate({ model: V1, prompt: 'x', raw: true, system: 'be nice' }));
    assert.equal(raw.status_code, 400);
    assert.equal(raw.message, 'raw mode does not support template, system, or context');
    const insert = await rejection(client.generate({ model: V1, prompt: 'def f(', suffix: ')' }));
    assert.equal(insert.status_code, 400);
    assert.equal(insert.message, 'registry.ollama.ai/library/deepseek-coder:1.3b-base does not support insert');
    const missing = await rejection(client.generate({ model: 'nope:1b', prompt: 'x' }));
    assert.equal(missing.status_code, 404);
    assert.equal(missing.message, "model 'nope:1b' not found");
    const reply = await rawPost(fixture.url, '/api/generate', { model: 'nope:1b', prompt: 'x' });
    assert.equal(reply.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(reply.body, `{"error":"model 'nope:1b' not found"}`);
  });

  it('Coder-V2 accepts a suffix (its template supports insert)', async () => {
    fixture.setResponder(() => 'x + 1');
    const result = await client.generate({ model: V2, prompt: 'def f(x): return ', suffix: '\n', stream: false });
    assert.equal(result.response, 'x + 1');
    assert.equal(result.done, true);
  });

  it('answers stream:false with one JSON object holding the whole response', async () => {
    fixture.setResponder(() => 'return 42');
    const result = await client.generate({ model: V1, prompt: `${fimBegin}def f():\n    ${fimHole}${fimEnd}`, raw: true, stream: false });
    assert.equal(result.response, 'return 42');
    assert.equal(result.done_reason, 'stop');
    assert.ok(result.eval_count > 0);
  });

  it('streams chat answers as message.content chunks, answering the last user message', async () => {
    const prompts: string[] = [];
    fixture.setResponder((prompt) => {
      prompts.push(prompt);
      return 'Renamed the variable.';
    });
    const stream = await client.chat({
      model: V1,
      stream: true,
      messages: [
        { role: 'system', content: 'You refactor code.' },
        { role: 'user', content: 'Rename x to count.' },
      ],
    });
    const parts: string[] = [];
    let doneReason = '';
    for await (const part of stream) {
      parts.push(part.message.content);
      if (part.done) doneReason = part.done_reason;
    }
    assert.equal(parts.join(''), 'Renamed the variable.');
    assert.ok(parts.length > 2);
    assert.equal(doneReason, 'stop');
    assert.deepEqual(prompts, ['Rename x to count.']);
  });

  it('shows model details and capabilities, and lists loaded models in /api/ps', async () => {
    const v1 = await client.show({ model: V1 });
    assert.equal(v1.details.family, 'llama');
    assert.deepEqual((v1 as unknown as { capabilities: string[] }).capabilities, ['completion']);
    const v2 = await client.show({ model: V2 });
    assert.deepEqual((v2 as unknown as { capabilities: string[] }).capabilities, ['completion', 'insert']);

    await client.generate({ model: V1, prompt: 'x', raw: true, keep_alive: '30m', stream: false });
    const loaded = (await client.ps()).models.find((m) => m.name === V1);
    assert.ok(loaded, 'loaded after a generation');
    const expiresIn = new Date(loaded.expires_at).getTime() - Date.now();
    assert.ok(expiresIn > 29 * 60_000 && expiresIn <= 30 * 60_000, `expires in ${expiresIn} ms`);
    await client.generate({ model: V1, prompt: 'x', raw: true, keep_alive: 0, stream: false });
    assert.ok(!(await client.ps()).models.some((m) => m.name === V1), 'keep_alive 0 unloads it');
  });

  it('the default oracle answers the text between the prefix and the suffix of a known document', async () => {
    const document = 'def area(r):\r\n    pi = 3.14159\r\n    return pi * r * r\r\n\r\nprint(area(2))\r\n';
    fixture.setDocuments([document]);
    const prompt = `${fimBegin}def area(r):\n${fimHole}\n\nprint(area(2))\n${fimEnd}`;
    assert.equal(oracleAnswer(prompt, ['def area(r):\n    pi = 3.14159\n    return pi * r * r\n\nprint(area(2))\n']), '    pi = 3.14159\n    return pi * r * r');
    const multi = await client.generate({ model: V1, prompt, raw: true, stream: false, options: { stop: [fimEnd] } });
    assert.equal(multi.response, '    pi = 3.14159\n    return pi * r * r');
    const single = await client.generate({ model: V1, prompt, raw: true, stream: false, options: { stop: ['\n'] } });
    assert.equal(single.response, '    pi = 3.14159');
    const unknown = await client.generate({ model: V1, prompt: `${fimBegin}zzz${fimHole}${fimEnd}`, raw: true, stream: false });
    assert.equal(unknown.response, 'fixture_completion()');
  });

  it('a fixed answer for a prompt takes precedence over the responder', async () => {
    fixture.setResponder(() => 'from the responder');
    fixture.respond('exact prompt', 'fixed');
    assert.equal((await client.generate({ model: V1, prompt: 'exact prompt', raw: true, stream: false })).response, 'fixed');
    assert.equal((await client.generate({ model: V1, prompt: 'other', raw: true, stream: false })).response, 'from the responder');
  });

  it('splits answers into tokens of a few characters that join back exactly', () => {
    const text = `  if x == 10:\n\treturn "😀 naïve"${endOfSentence}tail`;
    const tokens = splitIntoTokens(text);
    assert.equal(tokens.join(''), text);
    assert.ok(tokens.includes(endOfSentence), 'special tokens stay whole');
    assert.ok(tokens.includes('😀'), 'surrogate pairs are never split');
    assert.ok(tokens.every((t) => t.length <= 8 || /^\s+$/.test(t) || t === endOfSentence));
  });

  it('refuses connections while "refuse" is set and listens again on the same port', async () => {
    const port = fixture.port;
    await fixture.setFault('refuse');
    assert.deepEqual(await rawGet(`${fixture.url}/api/version`), { errorCode: 'ECONNREFUSED' });
    await fixture.setFault(null);
    assert.equal(fixture.port, port);
    assert.deepEqual(await rawGet(`${fixture.url}/api/version`), { status: 200, contentType: 'application/json; charset=utf-8', body: '{"version":"0.5.1"}' });
  });

  it('counts generations in flight and at most in flight', async () => {
    fixture.setLatency({ firstTokenMs: 50 });
    await Promise.all([client.generate({ model: V1, prompt: 'a', raw: true, stream: false }), client.generate({ model: V1, prompt: 'b', raw: true, stream: false })]);
    assert.equal(fixture.maxInFlight, 2);
    assert.equal(fixture.inFlight, 0);
    assert.equal(fixture.abortedCount, 0);
  });

  it('answers unknown paths like Go’s router', async () => {
    assert.deepEqual(await rawGet(`${fixture.url}/api/nothing`), { status: 404, contentType: 'text/plain', body: '404 page not found' });
    assert.deepEqual(await rawGet(`${fixture.url}/`), { status: 200, contentType: 'text/plain; charset=utf-8', body: 'Ollama is running' });
  });
});
