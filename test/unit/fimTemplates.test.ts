// FIM templates as data: the family a model name picks, and the tokens each family ends at.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { END_OF_SENTENCE } from '../../src/engine/fimTemplate';
import { chooseFimTemplate, FIM_TEMPLATES } from '../../src/engine/fimTemplates';

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

describe('stops per family', () => {
  it('every family ends at its end-of-text token', () => {
    const eos: Record<string, string> = { 'deepseek-coder': END_OF_SENTENCE, 'qwen2.5-coder': '<|endoftext|>', starcoder2: '<|endoftext|>', codestral: '</s>', codellama: '<EOT>' };
    for (const t of FIM_TEMPLATES) assert.ok(t.stop.includes(eos[t.id]), t.id);
  });
});
