// The prompt each FIM family gets (tokens, order, repository markers) and the stops that go with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderFimPrompt, templateStops } from '../../src/engine/fimRender';
import { END_OF_SENTENCE, FIM_BEGIN, FIM_END, FIM_HOLE, fimStopSequences } from '../../src/engine/fimTemplate';
import { FIM_TEMPLATES, type FimTemplate } from '../../src/engine/fimTemplates';
import type { CompletionRequest } from '../../src/engine/types';

function template(id: string): FimTemplate {
  const found = FIM_TEMPLATES.find((t) => t.id === id);
  assert.ok(found, id);
  return found;
}

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return { model: 'm', prefix: 'def f(x):\n    ', suffix: '\n    return y\n', maxTokens: 64, temperature: 0, stop: fimStopSequences(false), ...overrides };
}

describe('rendering the prompt', () => {
  it('DeepSeek Coder: the exact tokens (U+FF5C bars, U+2581 separators), prefix before suffix, the typed part of the line after the end token', () => {
    const prompt = renderFimPrompt(template('deepseek-coder'), request());
    assert.equal(prompt, `${FIM_BEGIN}def f(x):\n${FIM_HOLE}\n    return y\n${FIM_END}    `);
    assert.equal(prompt, '<\uFF5Cfim\u2581begin\uFF5C>def f(x):\n<\uFF5Cfim\u2581hole\uFF5C>\n    return y\n<\uFF5Cfim\u2581end\uFF5C>    ');
  });
  it('a keystroke within a line changes only the end of the prompt: a local server reads only its new tokens', () => {
    const before = renderFimPrompt(template('deepseek-coder'), request({ prefix: 'def f(x):\n    ret' }));
    const after = renderFimPrompt(template('deepseek-coder'), request({ prefix: 'def f(x):\n    retu' }));
    assert.ok(after.startsWith(before), `${before}\n${after}`);
    assert.equal(after.slice(before.length), 'u');
  });
  it('a typed part too long to move (a minified line) stays in the prefix', () => {
    const long = 'x'.repeat(5000);
    assert.equal(renderFimPrompt(template('deepseek-coder'), request({ prefix: long })), `${FIM_BEGIN}${long}${FIM_HOLE}\n    return y\n${FIM_END}`);
  });
  it('Codestral puts the suffix first; Code Llama spaces its tokens', () => {
    assert.equal(renderFimPrompt(template('codestral'), request()), '[SUFFIX]\n    return y\n[PREFIX]def f(x):\n    ');
    assert.equal(renderFimPrompt(template('codellama'), request()), '<PRE> def f(x):\n     <SUF>\n    return y\n <MID>');
  });
  it('code that contains a placeholder name is sent as written', () => {
    const prompt = renderFimPrompt(template('qwen2.5-coder'), request({ prefix: 'fmt = "{suffix}{prefix}"\n', suffix: '{repo}' }));
    assert.equal(prompt, '<|fim_prefix|>fmt = "{suffix}{prefix}"\n<|fim_suffix|>{repo}<|fim_middle|>');
  });
  const block = '# src/util.py\ndef helper():\n    pass\n# src/main.py\n';
  const withContext = request({
    prefix: `${block}import util\n`,
    context: { snippets: [{ path: 'src/util.py', text: 'def helper():\n    pass' }], prefixOffset: block.length, filePath: 'src/main.py' },
  });
  it('Qwen2.5-Coder lays other files out with <|repo_name|> and <|file_sep|>, not DeepSeek path comments', () => {
    const prompt = renderFimPrompt(template('qwen2.5-coder'), withContext, 'shop');
    assert.equal(prompt, '<|repo_name|>shop\n<|file_sep|>src/util.py\ndef helper():\n    pass\n<|file_sep|>src/main.py\n<|fim_prefix|>import util\n<|fim_suffix|>\n    return y\n<|fim_middle|>');
    const typing = renderFimPrompt(template('qwen2.5-coder'), { ...withContext, prefix: `${block}import util\nutil.he` }, 'shop');
    assert.ok(typing.endsWith('<|fim_suffix|>\n    return y\n<|fim_middle|>util.he'), typing);
  });
  it('StarCoder2 names the current file inside <fim_prefix>', () => {
    const prompt = renderFimPrompt(template('starcoder2'), withContext, 'shop');
    assert.equal(prompt, '<repo_name>shop<file_sep>src/util.py\ndef helper():\n    pass<file_sep><fim_prefix>src/main.py\nimport util\n<fim_suffix>\n    return y\n<fim_middle>');
  });
  it('with no other files, a family with repository markers gets its bare FIM prompt (no empty repository header)', () => {
    assert.equal(renderFimPrompt(template('qwen2.5-coder'), request()), '<|fim_prefix|>def f(x):\n<|fim_suffix|>\n    return y\n<|fim_middle|>    ');
  });
  it('without a repository name the markers name the workspace; a file with no path is untitled', () => {
    const untitled = { ...withContext, context: { snippets: [{ path: 'src/util.py', text: 'def helper():\n    pass' }], prefixOffset: block.length } };
    const prompt = renderFimPrompt(template('qwen2.5-coder'), untitled);
    assert.ok(prompt.startsWith('<|repo_name|>workspace\n'), prompt);
    assert.ok(prompt.includes('<|file_sep|>untitled\n<|fim_prefix|>import util\n'), prompt);
  });
  it('DeepSeek Coder keeps the engine\'s path-comment layout as it is', () => {
    assert.equal(renderFimPrompt(template('deepseek-coder'), withContext), `${FIM_BEGIN}${block}import util\n${FIM_HOLE}\n    return y\n${FIM_END}`);
  });
});

describe('stops per family', () => {
  it('a Qwen request stops at Qwen tokens, keeps the single-line newline, and carries no DeepSeek tokens', () => {
    const stops = templateStops(template('qwen2.5-coder'), fimStopSequences(true));
    assert.ok(stops.includes('<|endoftext|>') && stops.includes('<|file_sep|>') && stops.includes('\n'));
    for (const token of [FIM_BEGIN, FIM_HOLE, FIM_END, END_OF_SENTENCE]) assert.ok(!stops.includes(token));
  });
  it('a stop the request asks for is kept once, and an empty stop is dropped', () => {
    const stops = templateStops(template('codestral'), ['\n', '', '</s>', '\n']);
    assert.deepEqual(stops.filter((stop) => stop === '\n'), ['\n']);
    assert.deepEqual(stops.filter((stop) => stop === '</s>'), ['</s>']);
    assert.ok(!stops.includes(''));
  });
});
