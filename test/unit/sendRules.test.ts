import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEditableScheme, isLanguageEnabled, isRestricted, mayShareOtherFiles, whyIneligibleByFacts, withLanguageToggled, type DocumentFacts } from '../../src/vscode/model/sendRules';

function document(overrides: Partial<DocumentFacts> = {}): DocumentFacts {
  return { scheme: 'file', languageEnabled: true, excluded: () => false, readonlyFileSystem: () => false, multiCursor: () => false, ...overrides };
}

describe('send rules', () => {
  it('code a person edits is eligible; output, search editors and SCM input are not', () => {
    for (const scheme of ['file', 'untitled', 'vscode-notebook-cell', 'vscode-remote', 'vscode-vfs', 'vscode-userdata']) assert.equal(isEditableScheme(scheme), true, scheme);
    for (const scheme of ['output', 'search-editor', 'vscode-scm', 'git', 'debug']) assert.equal(isEditableScheme(scheme), false, scheme);
  });

  it('a language\'s own entry wins over "*", which is on unless set to false', () => {
    assert.equal(isLanguageEnabled('python', { '*': true }), true);
    assert.equal(isLanguageEnabled('python', {}), true);
    assert.equal(isLanguageEnabled('python', { '*': false }), false);
    assert.equal(isLanguageEnabled('python', { '*': false, python: true }), true);
    assert.equal(isLanguageEnabled('markdown', { '*': true, markdown: false }), false);
  });

  it('toggling a language flips what is in force for it and keeps the other entries', () => {
    assert.deepEqual(withLanguageToggled({ '*': true }, 'markdown'), { '*': true, markdown: false });
    assert.deepEqual(withLanguageToggled({ '*': false }, 'python'), { '*': false, python: true });
    assert.deepEqual(withLanguageToggled({ '*': true, markdown: false }, 'markdown'), { '*': true, markdown: true });
  });

  it('Restricted Mode holds back only code that would leave the machine from an untrusted workspace, unless the user allowed it', () => {
    assert.equal(isRestricted({ sendsCodeAway: true, workspaceTrusted: false, allowHostedInUntrusted: false }), true);
    assert.equal(isRestricted({ sendsCodeAway: true, workspaceTrusted: false, allowHostedInUntrusted: true }), false);
    assert.equal(isRestricted({ sendsCodeAway: true, workspaceTrusted: true, allowHostedInUntrusted: false }), false);
    assert.equal(isRestricted({ sendsCodeAway: false, workspaceTrusted: false, allowHostedInUntrusted: false }), false);
  });

  it('other files go to a backend off this machine only from a trusted workspace, even when hosted completions are allowed', () => {
    assert.equal(mayShareOtherFiles({ sendsCodeAway: true, workspaceTrusted: false }), false);
    assert.equal(mayShareOtherFiles({ sendsCodeAway: true, workspaceTrusted: true }), true);
    assert.equal(mayShareOtherFiles({ sendsCodeAway: false, workspaceTrusted: false }), true);
  });

  it('a document is checked cheapest first, and the exclusion globs only when the earlier checks pass', () => {
    let globsMatched = 0;
    const excluded = () => {
      globsMatched++;
      return true;
    };
    assert.equal(whyIneligibleByFacts(document({ scheme: 'output', excluded })), 'scheme');
    assert.equal(whyIneligibleByFacts(document({ languageEnabled: false, excluded })), 'language');
    assert.equal(globsMatched, 0);
    assert.equal(whyIneligibleByFacts(document({ excluded, readonlyFileSystem: () => true })), 'excluded');
    assert.equal(globsMatched, 1);
    assert.equal(whyIneligibleByFacts(document({ readonlyFileSystem: () => true, multiCursor: () => true })), 'readonly');
    assert.equal(whyIneligibleByFacts(document({ multiCursor: () => true })), 'multiCursor');
    assert.equal(whyIneligibleByFacts(document()), undefined);
  });
});
