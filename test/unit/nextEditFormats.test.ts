import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NEXT_EDIT_FORMATS, REWRITE_FORMAT, SWEEP_FORMAT, ZETA_FORMAT, nextEditFormatFor } from '../../src/engine/nextEdit/nextEditFormats';

describe('next-edit formats, chosen by model name', () => {
  it('Zeta and Sweep models get their own format; anything else is asked to rewrite', () => {
    assert.equal(nextEditFormatFor('zeta:7b-q4_K_M'), ZETA_FORMAT);
    assert.equal(nextEditFormatFor('hf.co/zed-industries/Zeta-GGUF'), ZETA_FORMAT);
    assert.equal(nextEditFormatFor('sweep-next-edit:1.5b'), SWEEP_FORMAT);
    assert.equal(nextEditFormatFor('deepseek-coder:6.7b-instruct'), REWRITE_FORMAT);
    assert.equal(nextEditFormatFor('deepseek-v4-flash'), REWRITE_FORMAT);
  });

  it('every format fills the region and the edits, and can find the end of its answer', () => {
    for (const format of NEXT_EDIT_FORMATS) {
      assert.ok(format.template.includes('{region}') && format.template.includes('{edits}'), format.id);
      assert.ok(format.editTemplate.includes('{diff}'), format.id);
      assert.ok(format.regionEnd.length > 0, format.id);
    }
  });
});
