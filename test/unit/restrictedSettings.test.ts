import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESTRICTED_SETTINGS } from '../../src/vscode/restrictedSettings';
import { manifestSettings, readManifest } from '../support/manifest';

interface Manifest {
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}

const manifest = readManifest() as unknown as Manifest;

describe('Restricted Mode settings', () => {
  it('package.json declares exactly the settings the extension reads user-only in Restricted Mode', () => {
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), RESTRICTED_SETTINGS.map((key) => `deepseekFim.${key}`).sort());
  });

  it('every setting that picks a model, the amount sent or the cost is restricted, or machine- or application-scoped', () => {
    const properties = manifestSettings();
    const sensitive = ['backend', 'enable', 'ollama.model', 'deepseek.model', 'deepseek.speculative', 'openaiCompatible.model', 'openaiCompatible.promptMode', 'openaiCompatible.fimTemplate', 'llamaCpp.model', 'openaiCompatible.baseUrl', 'llamaCpp.baseUrl', 'maxTokens', 'context.maxChars', 'context.otherFilesMaxChars', 'ollama.host', 'deepseek.baseUrl', 'deepseek.chatBaseUrl', 'allowHostedInUntrustedWorkspaces'];
    sensitive.push(...Object.keys(properties).filter((key) => key.startsWith('deepseekFim.refactor.')).map((key) => key.slice('deepseekFim.'.length)));
    for (const key of sensitive) {
      const property = properties[`deepseekFim.${key}`];
      assert.ok(property, `deepseekFim.${key} is not declared`);
      assert.ok(property.scope === 'machine' || property.scope === 'application' || RESTRICTED_SETTINGS.includes(key), `deepseekFim.${key} can be set by an untrusted workspace`);
    }
  });
});
