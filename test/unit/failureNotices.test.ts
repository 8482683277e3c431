import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackendErrorKind } from '../../src/engine/errors';
import { noticeForBadSettings, noticeForFailure } from '../../src/vscode/model/failureNotices';

const titles = (kind: BackendErrorKind, backend: string) => noticeForFailure({ kind, message: 'm', backend, model: 'deepseek-coder:6.7b-base' })?.actions.map((action) => action.title);

describe('failure notices', () => {
  it('transient failures get no popup: the status bar and the log say them', () => {
    for (const kind of ['unreachable', 'timeout', 'rateLimited', 'server', 'malformed'] as const) {
      assert.equal(noticeForFailure({ kind, message: 'm', backend: 'ollama', model: 'x' }), undefined, kind);
    }
  });

  it('a missing model: Ollama offers to pull it, the others to pick another, each once per model', () => {
    assert.deepEqual(titles('modelMissing', 'ollama'), ['Pull Model', 'Show Log']);
    assert.deepEqual(titles('modelMissing', 'deepseek'), ['Pick Model', 'Show Log']);
    const notice = noticeForFailure({ kind: 'modelMissing', message: 'model "x" is not pulled', backend: 'ollama', model: 'x' });
    assert.equal(notice?.id, 'model:x');
    assert.equal(notice?.severity, 'warning');
    assert.equal(notice?.message, 'DeepSeek FIM: model "x" is not pulled');
    assert.equal(notice?.actions[0].command, 'deepseekFim.pullModel');
  });

  it('a rejected key asks for the DeepSeek key or the team server\'s token', () => {
    assert.deepEqual(titles('unauthorized', 'deepseek'), ['Set API Key']);
    assert.deepEqual(titles('unauthorized', 'openaiCompatible'), ['Set Server Token']);
    assert.equal(noticeForFailure({ kind: 'unauthorized', message: 'm', backend: 'llamaCpp', model: 'x' })?.actions[0].command, 'deepseekFim.setServerToken');
  });

  it('an empty balance offers Resume; refused requests and settings offer the log, once per message', () => {
    assert.deepEqual(titles('noBalance', 'deepseek'), ['Resume']);
    assert.deepEqual(titles('badRequest', 'deepseek'), ['Show Log']);
    const a = noticeForFailure({ kind: 'config', message: 'one', backend: 'ollama', model: 'x' });
    const b = noticeForFailure({ kind: 'config', message: 'two', backend: 'ollama', model: 'x' });
    assert.notEqual(a?.id, b?.id);
  });

  it('settings that make no backend open the extension\'s settings', () => {
    const notice = noticeForBadSettings('deepseekFim.ollama.host is refused', 'deepseekFim');
    assert.equal(notice.message, 'DeepSeek FIM: deepseekFim.ollama.host is refused');
    assert.deepEqual(notice.actions, [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: ['deepseekFim'] }]);
  });
});
