import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_EXCLUDE_GLOBS, effectiveExcludeGlobs, exclusionPaths, isExcludedPath, platformIgnoresCase } from '../../src/engine/exclusion';

const sensitive = { caseInsensitive: false };
const insensitive = { caseInsensitive: true };

describe('isExcludedPath: slashes, case and blank patterns', () => {
  it('Windows paths and patterns with backslashes', () => {
    assert.equal(isExcludedPath('C:\\Users\\me\\proj\\.env', ['**/.env*'], insensitive), true);
    assert.equal(isExcludedPath('C:\\Users\\me\\.ssh\\id_ed25519', ['.ssh\\**'], insensitive), true);
  });

  it('case folds only when asked (Windows, macOS)', () => {
    assert.equal(isExcludedPath('/Users/me/proj/.ENV', ['**/.env*'], insensitive), true);
    assert.equal(isExcludedPath('/Users/me/proj/Server.PEM', DEFAULT_EXCLUDE_GLOBS, insensitive), true);
    assert.equal(isExcludedPath('/home/me/proj/.ENV', ['**/.env*'], sensitive), false);
  });

  it('no globs, or blank ones, exclude nothing', () => {
    assert.equal(isExcludedPath('/x/.env', [], sensitive), false);
    assert.equal(isExcludedPath('/x/.env', ['', '  '], sensitive), false);
  });
});

describe('isExcludedPath: the default secret files', () => {
  const secrets = [
    '/home/me/.ssh/id_ed25519',
    '/home/me/.ssh/id_ed25519.pub',
    '/home/me/keys/id_ecdsa',
    '/home/me/keys/id_rsa',
    '/home/me/certs/client.pfx',
    '/home/me/certs/client.p12',
    '/home/me/.git-credentials',
    '/home/me/proj/credentials.json',
    '/home/me/infra/prod.tfvars',
    '/home/me/.ssh/config',
    '/home/me/.ssh/known_hosts',
    '/home/me/.aws/credentials',
    '/home/me/.aws/config',
    '/repo/.env',
    '/repo/.npmrc',
    '/repo/.netrc',
    '/repo/config/secrets.yaml',
  ];
  for (const path of secrets) {
    it(`excludes ${path}`, () => assert.equal(isExcludedPath(path, DEFAULT_EXCLUDE_GLOBS, sensitive), true));
  }
  for (const path of ['/repo/src/index.ts', '/repo/README.md', '/repo/src/environment.ts', '/repo/keys.ts']) {
    it(`keeps ${path}`, () => assert.equal(isExcludedPath(path, DEFAULT_EXCLUDE_GLOBS, sensitive), false));
  }
});

describe('isExcludedPath: linear time on hostile input', () => {
  it('a 1 MB path of near-misses against every default pattern takes well under a second', () => {
    const path = '/' + 'a/'.repeat(200_000) + '*'.repeat(300_000) + 'id_rs'.repeat(60_000);
    const started = performance.now();
    assert.equal(isExcludedPath(path, DEFAULT_EXCLUDE_GLOBS, sensitive), false);
    assert.ok(performance.now() - started < 5000, 'matching must not backtrack');
  });
});

describe('effectiveExcludeGlobs', () => {
  it('the user list adds to the defaults instead of replacing them', () => {
    const globs = effectiveExcludeGlobs(['**/private/**'], []);
    assert.ok(globs.includes('**/private/**'));
    assert.equal(isExcludedPath('/repo/.env', globs, sensitive), true);
  });

  it('the user can drop a default with a "!" entry', () => {
    const globs = effectiveExcludeGlobs(['!**/.env*'], []);
    assert.equal(isExcludedPath('/repo/.env.example', globs, sensitive), false);
    assert.equal(isExcludedPath('/repo/server.pem', globs, sensitive), true);
  });

  it('a workspace can add exclusions but never drop one', () => {
    const globs = effectiveExcludeGlobs([], ['!**/.env*', '**/*.sqlite']);
    assert.equal(isExcludedPath('/repo/.env', globs, sensitive), true);
    assert.equal(isExcludedPath('/repo/data.sqlite', globs, sensitive), true);
  });
});

describe('exclusionPaths: every scheme a document can have is checked by its path', () => {
  const excluded = (uri: { scheme: string; path: string; fsPath: string }) =>
    exclusionPaths(uri).some((path) => isExcludedPath(path, DEFAULT_EXCLUDE_GLOBS, sensitive));
  const cases: [scheme: string, path: string][] = [
    ['file', '/home/me/proj/.env'],
    ['vscode-remote', '/home/me/proj/.env'],
    ['vscode-vfs', '/github/me/proj/.env'],
    ['untitled', '/home/me/proj/.env'],
    ['vscode-notebook-cell', '/home/me/.aws/notes.ipynb'],
    ['vscode-userdata', '/home/me/.ssh/config'],
  ];
  for (const [scheme, path] of cases) {
    it(`${scheme}:${path} is excluded`, () => assert.equal(excluded({ scheme, path, fsPath: path }), true));
  }

  it('a Windows file is also checked by its file-system path', () => {
    const uri = { scheme: 'file', path: '/c:/Users/me/proj/.env', fsPath: 'c:\\Users\\me\\proj\\.env' };
    assert.deepEqual(exclusionPaths(uri), [uri.path, uri.fsPath]);
    assert.equal(excluded(uri), true);
  });

  it('case is ignored on Windows and macOS, kept on Linux', () => {
    assert.equal(platformIgnoresCase('win32'), true);
    assert.equal(platformIgnoresCase('darwin'), true);
    assert.equal(platformIgnoresCase('linux'), false);
  });
});
