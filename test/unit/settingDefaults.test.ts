import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ENGINE_SETTINGS } from '../../src/engine/completionEngine';
import { BACKEND_SETTING_DEFAULTS, ENGINE_SETTING_KEYS } from '../../src/vscode/settingDefaults';
import { manifestSettings } from '../support/manifest';

describe('setting defaults: one value in the manifest, the engine and the reader', () => {
  const settings = manifestSettings();

  for (const [key, value] of Object.entries(BACKEND_SETTING_DEFAULTS)) {
    it(`deepseekFim.${key} is declared with the reader's default`, () => {
      assert.deepEqual(settings[`deepseekFim.${key}`]?.default, value);
    });
  }

  it('every engine field has a setting', () => {
    assert.deepEqual(Object.keys(ENGINE_SETTING_KEYS).sort(), Object.keys(DEFAULT_ENGINE_SETTINGS).sort());
  });
});
