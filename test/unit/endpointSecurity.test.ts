// Where code and keys may go (the parts that live outside VS Code):
//  - the endpoint policy: plain http only to this machine (loopback), https anywhere; the
//    forms OLLAMA_HOST takes, resolved the way the backend factory resolves them;
//  - credentials in a host URL and the API key travel only in their header;
//  - no OPENAI_* environment variable of the user's leaks into a request to DeepSeek;
//  - the API key is in no error text and no log line after 401 and 402, and no source file
//    under src/ puts a key variable into a log line or a message (a static check, with a
//    self-test so that it cannot pass by finding nothing).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import ts from 'typescript';
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import { getDeepSeekBalance, listDeepSeekModels } from '../../src/backends/deepseek/account';
import { checkEndpoint, isLoopbackHost } from '../../src/backends/endpointPolicy';
import { OllamaBackend } from '../../src/backends/ollama/completion';
import { BackendError } from '../../src/engine/errors';
import { fimStopSequences } from '../../src/engine/fimTemplate';
import type { CompletionBackend, CompletionRequest, Logger } from '../../src/engine/types';
import { buildBackend } from '../../src/vscode/backendFactory';
import type { BackendSettings } from '../../src/vscode/config';
import { backendSettings } from '../support/backendSettings';
import { createLogger } from '../../src/vscode/logger';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture, type DeepSeekFixture } from '../fixtures/deepseekFixture';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';

const ROOT = join(__dirname, '../../..');
const OLLAMA_MODEL = 'deepseek-coder:1.3b-base';
/** A key the DeepSeek fixture does not know: its 401 quotes the tail "****T4nQ". */
const WRONG_KEY = 'sk-leaky-0000000000000000000000T4nQ';
/** A key the fixture knows but whose balance is empty: 402 on completions. */
const BROKE_KEY = 'sk-broke-0000000000000000000000Zr8w';

function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { log: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

function request(model: string): CompletionRequest {
  return { model, prefix: 'def add(a, b):\n    ', suffix: '\n', maxTokens: 32, temperature: 0, stop: fimStopSequences(false) };
}

/** Runs one completion to its end; returns the error it failed with, if any. */
async function complete(backend: CompletionBackend, model: string): Promise<unknown> {
  try {
    for await (const event of backend.complete(request(model), new AbortController().signal)) void event;
    return undefined;
  } catch (error) {
    return error;
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a failure');
}

function ollamaSettings(ollamaHost: string, ollamaAllowRemoteHttp = false): BackendSettings {
  return backendSettings({ backend: 'ollama', ollamaHost, ollamaAllowRemoteHttp, ollamaModel: OLLAMA_MODEL });
}

/** Runs `body` with environment variables set, and puts the old values back. */
async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T> | T): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

let ollamaFixtures: OllamaFixture[] = [];
let deepSeekFixtures: DeepSeekFixture[] = [];
afterEach(async () => {
  await Promise.all([...ollamaFixtures.map((f) => f.close()), ...deepSeekFixtures.map((f) => f.close())]);
  ollamaFixtures = [];
  deepSeekFixtures = [];
});

async function ollamaFixture(): Promise<OllamaFixture> {
  const fixture = await startOllamaFixture({ models: [OLLAMA_MODEL] });
  ollamaFixtures.push(fixture);
  return fixture;
}

async function deepSeekFixture(): Promise<DeepSeekFixture> {
  const fixture = await startDeepSeekFixture({ brokeKeys: [BROKE_KEY] });
  deepSeekFixtures.push(fixture);
  return fixture;
}

// ---------------------------------------------------------------------------------------------

describe('endpoint policy: plain http only to this machine, https anywhere', () => {
  const allowed = [
    'http://127.0.0.1:11434',
    'http://127.1.2.3:8080',
    'http://localhost:11434',
    'http://LOCALHOST:11434',
    'http://[::1]:11434',
    // WHATWG URL parsing turns these spellings into 127.0.0.1: still this machine.
    'http://2130706433:11434',
    'http://0x7f.1:11434',
    'https://api.deepseek.com/beta',
    'https://ollama.example.com',
    'https://10.0.0.5:11434',
  ];
  const refused = [
    'http://192.168.1.20:11434',
    'http://10.0.0.5:11434',
    'http://gpu-box:11434',
    'http://api.deepseek.com/beta',
    // Names that only look local: they resolve wherever their DNS says.
    'http://localhost.example.com:11434',
    'http://127.0.0.1.nip.io:11434',
    'http://[::ffff:c0a8:114]:11434',
    'ws://127.0.0.1:11434',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
  ];
  for (const url of allowed) {
    it(`allows ${url}`, () => assert.equal(checkEndpoint(url, 'deepseekFim.ollama.host').protocol.startsWith('http'), true));
  }
  for (const url of refused) {
    it(`refuses ${url}, naming the setting to fix`, () => {
      assert.throws(
        () => checkEndpoint(url, 'deepseekFim.ollama.host'),
        (error: unknown) => error instanceof BackendError && error.kind === 'config' && error.message.includes('deepseekFim.ollama.host'),
      );
    });
  }

  it('user info in the URL does not fool the host check (it is refused either way)', () => {
    assert.throws(() => checkEndpoint('http://evil.example.com@127.0.0.1:11434', 's'), BackendError);
    assert.throws(() => checkEndpoint('http://127.0.0.1@evil.example.com:11434', 's'), BackendError);
  });

  it('isLoopbackHost knows loopback and nothing else', () => {
    for (const host of ['localhost', '127.0.0.1', '127.255.255.254', '::1', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '128.0.0.1', '127.0.0.1.evil.com', 'localhost.evil.com', '']) assert.equal(isLoopbackHost(host), false, host);
  });

  it('the DeepSeek backend refuses plain http to a remote host before any request, and allows it to loopback', async () => {
    let fetched = 0;
    const spy: typeof fetch = (input, init) => {
      fetched++;
      return fetch(input, init);
    };
    assert.throws(() => new DeepSeekBackend({ baseUrl: 'http://api.deepseek.com/beta', model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY, fetch: spy }), BackendError);
    assert.equal(fetched, 0, 'nothing was sent');
    const fixture = await deepSeekFixture();
    const local = new DeepSeekBackend({ baseUrl: `http://localhost:${fixture.port}/beta`, model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY, fetch: spy });
    assert.equal(await complete(local, 'deepseek-v4-flash'), undefined);
    assert.equal(fixture.completionRequests().length, 1);
  });
});

describe('OLLAMA_HOST forms, through the backend factory (setting empty, so the variable decides)', () => {
  const cases: { env: string; host?: string; refused?: true }[] = [
    { env: '', host: 'http://127.0.0.1:11434' },
    { env: '0.0.0.0', host: 'http://127.0.0.1:11434' },
    { env: '0.0.0.0:11500', host: 'http://127.0.0.1:11500' },
    { env: ':11500', host: 'http://127.0.0.1:11500' },
    { env: '127.0.0.1', host: 'http://127.0.0.1:11434' },
    { env: ' 127.0.0.1:8080 ', host: 'http://127.0.0.1:8080' },
    { env: 'localhost', host: 'http://localhost:11434' },
    { env: '::1', host: 'http://[::1]:11434' },
    { env: '[::1]:11500', host: 'http://[::1]:11500' },
    { env: '[::]:11434', host: 'http://[::1]:11434' },
    { env: 'http://127.0.0.1:11434/', host: 'http://127.0.0.1:11434' },
    { env: 'HTTP://LOCALHOST:11434', host: 'http://localhost:11434' },
    { env: 'https://ollama.example.com', host: 'https://ollama.example.com' },
    { env: 'https://ollama.example.com/prefix/', host: 'https://ollama.example.com/prefix' },
    { env: 'gpu-box', refused: true },
    { env: 'gpu-box:11434', refused: true },
    { env: '10.0.0.5:11434', refused: true },
    { env: 'http://192.168.1.20:11434', refused: true },
  ];
  for (const c of cases) {
    it(`OLLAMA_HOST=${JSON.stringify(c.env)} -> ${c.refused ? 'refused (plain http off this machine)' : c.host}`, () =>
      withEnv({ OLLAMA_HOST: c.env }, () => {
        const built = buildBackend(ollamaSettings(''), undefined, capturingLogger().log);
        if (c.refused) {
          assert.equal(built.backend, undefined);
          assert.equal(built.error?.kind, 'config');
          assert.match(built.error?.message ?? '', /Plain http to .* is refused/);
        } else {
          assert.equal(built.error, undefined, built.error?.message);
          assert.ok(built.backend instanceof OllamaBackend);
          assert.equal(built.backend.host, c.host);
        }
      }));
  }

  it('a remote plain-http host is allowed only with deepseekFim.ollama.allowRemoteHttp', () =>
    withEnv({ OLLAMA_HOST: 'gpu-box:11434' }, () => {
      const built = buildBackend(ollamaSettings('', true), undefined, capturingLogger().log);
      assert.ok(built.backend instanceof OllamaBackend);
      assert.equal(built.backend.host, 'http://gpu-box:11434');
    }));

  it('the setting wins over OLLAMA_HOST', () =>
    withEnv({ OLLAMA_HOST: 'gpu-box:11434' }, () => {
      const built = buildBackend(ollamaSettings('http://127.0.0.1:9999'), undefined, capturingLogger().log);
      assert.ok(built.backend instanceof OllamaBackend);
      assert.equal(built.backend.host, 'http://127.0.0.1:9999');
    }));

  it('OLLAMA_HOST pointing at the local fixture: completions reach it', async () => {
    const fixture = await ollamaFixture();
    await withEnv({ OLLAMA_HOST: `0.0.0.0:${fixture.port}` }, async () => {
      const built = buildBackend(ollamaSettings(''), undefined, capturingLogger().log);
      assert.ok(built.backend);
      assert.equal(await complete(built.backend, OLLAMA_MODEL), undefined);
    });
    assert.equal(fixture.generateRequests().length, 1);
  });
});

describe('credentials travel only in their header', () => {
  it('a URL with user:password is refused for every endpoint setting; the password is in no message or log line, and the message says where credentials go', async () => {
    const password = 'pw-Vq93xLm';
    const { log, lines } = capturingLogger();
    const fixture = await ollamaFixture();
    const attempts: [setting: string, build: () => unknown][] = [
      ['deepseekFim.ollama.host', () => new OllamaBackend({ host: `http://alice:${password}@127.0.0.1:${fixture.port}`, model: OLLAMA_MODEL, keepAlive: '30m', log })],
      ['deepseekFim.ollama.host', () => new OllamaBackend({ host: `https://alice:${password}@ollama.example.com`, model: OLLAMA_MODEL, keepAlive: '30m', log })],
      ['deepseekFim.deepseek.baseUrl', () => new DeepSeekBackend({ baseUrl: `https://alice:${password}@api.deepseek.com/beta`, model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY, log })],
    ];
    for (const [setting, build] of attempts) {
      let caught: unknown;
      try {
        build();
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof BackendError && caught.kind === 'config', `not refused: ${String(caught)}`);
      for (const text of [caught.message, caught.detail ?? '']) assert.ok(!text.includes(password) && !text.includes('alice'), `the credentials are in: ${text}`);
      assert.ok(caught.message.includes(setting), caught.message);
      assert.match(caught.message, setting.includes('ollama') ? /DEEPSEEK_FIM_OLLAMA_AUTHORIZATION/ : /Set API Key/);
    }
    // The factory logs why the backend could not be built: without the credentials.
    const built = buildBackend(ollamaSettings(`http://alice:${password}@127.0.0.1:${fixture.port}`), undefined, log);
    assert.equal(built.backend, undefined);
    assert.ok(built.error && !built.error.message.includes(password));
    assert.equal(fixture.requests.length, 0, 'a request went out');
    for (const line of lines) assert.ok(!line.includes(password), `the password is in the log: ${line}`);
    // A malformed URL is echoed without its credentials too.
    assert.throws(() => checkEndpoint(`http://alice:${password}@[bad`, 'deepseekFim.ollama.host'), (error: unknown) => error instanceof BackendError && !error.message.includes(password));
  });

  it('DEEPSEEK_FIM_OLLAMA_AUTHORIZATION reaches Ollama as its Authorization header, and only there', async () => {
    const fixture = await ollamaFixture();
    const header = `Basic ${Buffer.from('alice:pw-Vq93xLm').toString('base64')}`;
    await withEnv({ DEEPSEEK_FIM_OLLAMA_AUTHORIZATION: header }, async () => {
      const backend = new OllamaBackend({ host: fixture.url, model: OLLAMA_MODEL, keepAlive: '30m' });
      assert.equal(await complete(backend, OLLAMA_MODEL), undefined);
    });
    const [sent] = fixture.generateRequests();
    assert.equal(sent.headers.authorization, header);
    assert.ok(!sent.rawBody.includes('pw-Vq93xLm'));
  });

  it('no OPENAI_* variable of the user reaches DeepSeek: key, organization, project, base URL, custom headers', async () => {
    const fixture = await deepSeekFixture();
    const decoy = await deepSeekFixture();
    await withEnv(
      {
        OPENAI_API_KEY: 'sk-openai-not-for-deepseek',
        OPENAI_ORG_ID: 'org-not-for-deepseek',
        OPENAI_PROJECT_ID: 'proj_not_for_deepseek',
        OPENAI_BASE_URL: decoy.betaUrl,
        OPENAI_CUSTOM_HEADERS: 'X-Openai-Secret: not-for-deepseek',
        OPENAI_LOG: 'debug',
      },
      async () => {
        const { log, lines } = capturingLogger();
        const backend = new DeepSeekBackend({ baseUrl: fixture.betaUrl, model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY, log });
        assert.equal(await complete(backend, 'deepseek-v4-flash'), undefined);
        assert.equal(decoy.requests.length, 0, 'nothing went to OPENAI_BASE_URL');
        const [sent] = fixture.completionRequests();
        assert.equal(sent.headers.authorization, `Bearer ${FIXTURE_DEFAULT_KEY}`);
        const leaked = Object.entries(sent.headers).filter(([, value]) => /not-for-deepseek|not_for_deepseek/.test(value));
        assert.deepEqual(leaked, [], 'headers taken from OPENAI_* variables');
        // OPENAI_LOG=debug would dump requests, headers included, into the log.
        for (const line of lines) assert.ok(!line.includes(FIXTURE_DEFAULT_KEY), `the key is in the log: ${line}`);
      },
    );
  });
});

describe('the API key is in no error text and no log line', () => {
  function assertKeyAbsent(key: string, texts: readonly string[]): void {
    const tail = key.slice(-4);
    for (const text of texts) {
      assert.ok(!text.includes(key), `the key is in: ${text}`);
      assert.ok(!text.includes(tail), `the key's last 4 characters are in: ${text}`);
    }
  }

  function errorTexts(error: unknown): string[] {
    assert.ok(error instanceof BackendError, String(error));
    return [error.message, error.detail ?? '', String(error), error.stack ?? ''];
  }

  it('after 401 (the server quotes the key tail) and 402, in completions and account look-ups', async () => {
    const fixture = await deepSeekFixture();
    for (const [key, kind] of [
      [WRONG_KEY, 'unauthorized'],
      [BROKE_KEY, 'noBalance'],
    ] as const) {
      const { log, lines } = capturingLogger();
      const backend = new DeepSeekBackend({ baseUrl: fixture.betaUrl, model: 'deepseek-v4-flash', apiKey: key, log });
      const completionError = await complete(backend, 'deepseek-v4-flash');
      assert.equal((completionError as BackendError).kind, kind);
      const texts = [...errorTexts(completionError), ...lines];
      if (key === WRONG_KEY) {
        // The look-ups fail the same way with a rejected key (a broke key may still read them).
        texts.push(...errorTexts(await failure(listDeepSeekModels(fixture.betaUrl, key, undefined, { log }))));
        texts.push(...errorTexts(await failure(getDeepSeekBalance(fixture.betaUrl, key, undefined, { log }))));
      }
      assertKeyAbsent(key, [...texts, ...lines]);
    }
    // The fixture did quote the tail: the check above is not vacuous.
    const quoted = fixture.requests.filter((r) => r.status === 401).length;
    assert.ok(quoted >= 3, `${quoted} requests answered 401`);
  });

  it("the log channel scrubs a key even if some message carried it (the editor's logger)", () => {
    const written: string[] = [];
    const channel = { trace: (m: string) => written.push(m), debug: (m: string) => written.push(m), info: (m: string) => written.push(m), warn: (m: string) => written.push(m), error: (m: string) => written.push(m) };
    const logger = createLogger(channel as unknown as Parameters<typeof createLogger>[0], () => WRONG_KEY);
    logger.warn(`request failed for key ${WRONG_KEY}`);
    logger.error(`Authentication Fails, Your api key: ****${WRONG_KEY.slice(-4)} is invalid`);
    logger.info('Bearer sk-someotherkey1234567890 was sent');
    assert.equal(written.length, 3);
    assertKeyAbsent(WRONG_KEY, written);
    assert.ok(!written[2].includes('sk-someotherkey'), written[2]);
  });
});

// ---------------------------------------------------------------------------------------------
// The static check.

/** Names that hold a key or a secret in this code base. */
const SECRET_NAME = /^(apiKey|currentKey|key|secret|password|token|credentials)$/i;
/** Calls whose text reaches a person: log lines, notifications, errors. */
const SINK = /(^|\.)(trace|debug|info|warn|error|log|once|show(Error|Warning|Information)Message)$|^(BackendError|Error|TypeError)$/;

/** Every place where a secret-named value flows into a log line or a message, unscrubbed. */
function findKeyLeaks(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const leaks: string[] = [];
  const where = (node: ts.Node) => `${fileName}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;

  const scan = (node: ts.Node, sink: string): void => {
    // Handing the key to a scrubber is how it is kept out: what comes back is clean.
    if (ts.isCallExpression(node) && /^scrub/i.test(calleeName(node.expression))) return;
    if (ts.isIdentifier(node) && SECRET_NAME.test(node.text)) leaks.push(`${where(node)}: ${sink}(... ${node.text} ...)`);
    // `x.apiKey`, `keys.current`, `process.env.DEEPSEEK_API_KEY`.
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      const whole = node.getText(source);
      if (SECRET_NAME.test(name) || /keys\.current$|DEEPSEEK_API_KEY$/.test(whole)) {
        leaks.push(`${where(node)}: ${sink}(... ${whole} ...)`);
        return;
      }
      // Otherwise look at the object side: `key.slice(-4)` leaks the tail, so anything read off a
      // secret counts (conservative: `key.length` is flagged too).
      scan(node.expression, sink);
      return;
    }
    ts.forEachChild(node, (child) => scan(child, sink));
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = calleeName(node.expression);
      if (SINK.test(name)) for (const argument of node.arguments ?? []) scan(argument, name);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return leaks;
}

function calleeName(expression: ts.Expression): string {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return `${calleeName(expression.expression)}.${expression.name.text}`;
  if (expression.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return '';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('static check: no source file logs or interpolates a key into a message', () => {
  it('finds the leaks it is meant to find (self-test)', () => {
    const sample = [
      'log.warn(`request with ${apiKey}`);',
      'this.log.debug("key: " + this.apiKey);',
      'throw new BackendError("unauthorized", `bad ${options.apiKey}`);',
      'vscode.window.showErrorMessage(`env ${process.env.DEEPSEEK_API_KEY}`);',
      'channel.info(String(keys.current));',
      'log.warn(scrubSecrets(`text ${apiKey}`, apiKey));',
      'log.info(`key set: ${apiKey.length > 0}`);',
      'const header = `Bearer ${apiKey}`;',
    ].join('\n');
    const leaks = findKeyLeaks('sample.ts', sample);
    assert.deepEqual(
      leaks.map((leak) => leak.split(':')[1]),
      ['1', '2', '3', '4', '5', '7'],
      leaks.join('\n'),
    );
  });

  it('src/ has none', () => {
    const files = sourceFiles(join(ROOT, 'src'));
    assert.ok(files.length > 20, `${files.length} files scanned`);
    const leaks = files.flatMap((file) => findKeyLeaks(relative(ROOT, file), readFileSync(file, 'utf8')));
    assert.deepEqual(leaks, []);
  });
});
