// FIM templates as data: the family a model name picks, the prompt each family gets (tokens,
// order, repository markers), and the stops that go with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderFimPrompt, templateStops } from '../../src/engine/fimRender';
import { END_OF_SENTENCE, FIM_BEGIN, FIM_END, FIM_HOLE, fimStopSequences } from '../../src/engine/fimTemplate';
import { chooseFimTemplate, FIM_TEMPLATES, type FimTemplate } from '../../src/engine/fimTemplates';
import type { CompletionRequest } from '../../src/engine/types';

function template(id: string): FimTemplate {
  const found = FIM_TEMPLATES.find((t) => t.id === id);
  assert.ok(found, id);
  return found;
}

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return { model: 'm', prefix: 'def f(x):\n    ', suffix: '\n    return y\n', maxTokens: 64, temperature: 0, stop: fimStopSequences(false), ...overrides };
}

describe('choosing a FIM template from the model name', () => {
  const cases: [string, string | undefined][] = [
    ['deepseek-ai/deepseek-coder-6.7b-base', 'deepseek-coder'],
    ['deepseek-ai/DeepSeek-Coder-V2-Lite-Base', 'deepseek-coder'],
    ['deepseek-coder-v2:16b-lite-base', 'deepseek-coder'],
    ['/models/deepseek-coder-1.3b-base.Q4_K_M.gguf', 'deepseek-coder'],
    ['Qwen/Qwen2.5-Coder-7B', 'qwen2.5-coder'],
    ['qwen2.5-coder-1.5b-q8_0.gguf', 'qwen2.5-coder'],
    ['bigcode/starcoder2-15b', 'starcoder2'],
    ['mistralai/Codestral-22B-v0.1', 'codestral'],
    ['codellama/CodeLlama-7b-hf', 'codellama'],
    ['meta-llama/Llama-3.1-8B', undefined],
    ['my-finetune', undefined],
  ];
  for (const [model, expected] of cases) {
    it(`${model} -> ${expected ?? 'none (a clear error, not a guess)'}`, () => {
      assert.equal(chooseFimTemplate(model, 'auto')?.id, expected);
    });
  }
  it('a template named in the setting wins over the name, and an unknown name gives none', () => {
    assert.equal(chooseFimTemplate('my-finetune', 'deepseek-coder')?.id, 'deepseek-coder');
    assert.equal(chooseFimTemplate('deepseek-coder-6.7b-base', 'qwen2.5-coder')?.id, 'qwen2.5-coder');
    assert.equal(chooseFimTemplate('deepseek-coder-6.7b-base', 'no-such-family'), undefined);
  });
});

describe('rendering the prompt', () => {
  it('DeepSeek Coder: the exact tokens (U+FF5C bars, U+2581 separators), prefix before suffix', () => {
    const prompt = renderFimPrompt(template('deepseek-coder'), request());
    assert.equal(prompt, `${FIM_BEGIN}def f(x):\n    ${FIM_HOLE}\n    return y\n${FIM_END}`);
    assert.equal(prompt, '<\uFF5Cfim\u2581begin\uFF5C>def f(x):\n    <\uFF5Cfim\u2581hole\uFF5C>\n    return y\n<\uFF5Cfim\u2581end\uFF5C>');
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
  });
  it('StarCoder2 names the current file inside <fim_prefix>', () => {
    const prompt = renderFimPrompt(template('starcoder2'), withContext, 'shop');
    assert.equal(prompt, '<repo_name>shop<file_sep>src/util.py\ndef helper():\n    pass<file_sep><fim_prefix>src/main.py\nimport util\n<fim_suffix>\n    return y\n<fim_middle>');
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
  it('every family ends at its end-of-text token', () => {
    const eos: Record<string, string> = { 'deepseek-coder': END_OF_SENTENCE, 'qwen2.5-coder': '<|endoftext|>', starcoder2: '<|endoftext|>', codestral: '</s>', codellama: '<EOT>' };
    for (const t of FIM_TEMPLATES) assert.ok(t.stop.includes(eos[t.id]), t.id);
  });
});
