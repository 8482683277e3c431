// The glob matcher behind deepseekFim.exclude and the built-in secret files: the patterns of
// VS Code's files.exclude (`**`, `*`, `?`, `{a,b}`, `[...]`), a pattern without a leading `/`
// holding at any folder of the path, in linear time whatever the path or pattern.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globMatches } from '../../src/engine/globMatcher';

describe('glob semantics', () => {
  const cases: [glob: string, path: string, expected: boolean][] = [
    ['**/.env*', '/home/me/app/.env', true],
    ['**/.env*', '/home/me/app/.env.local', true],
    ['**/.env*', '/home/me/app/env.ts', false],
    ['**/.env*', '.env', true],
    ['.env*', '/deep/folder/.env.production', true],
    ['*.pem', '/a/b/server.pem', true],
    ['*.pem', '/a/b/server.pem.txt', false],
    ['src/*.ts', '/repo/src/a.ts', true],
    ['src/*.ts', '/repo/src/sub/a.ts', false],
    ['src/**/*.ts', '/repo/src/sub/deeper/a.ts', true],
    ['src/**/*.ts', '/repo/src/a.ts', true],
    ['**/.ssh/**', '/home/me/.ssh/config', true],
    ['**/.ssh/**', '/home/me/.sshd/config', false],
    ['.aws/**', '/home/me/.aws/credentials', true],
    ['file?.txt', '/x/file1.txt', true],
    ['file?.txt', '/x/file12.txt', false],
    ['file?.txt', '/x/file/.txt', false],
    ['**/*.{pem,key}', '/x/tls.key', true],
    ['**/*.{pem,key}', '/x/tls.crt', false],
    ['**/{secrets,private}/**', '/x/private/a.json', true],
    ['**/{a,{b,c}d}.txt', '/x/cd.txt', true],
    ['**/{a,{b,c}d}.txt', '/x/c.txt', false],
    ['**/id_[dr]sa', '/k/id_rsa', true],
    ['**/id_[dr]sa', '/k/id_ecsa', false],
    ['**/v[0-9].txt', '/k/v7.txt', true],
    ['**/v[!0-9].txt', '/k/v7.txt', false],
    ['**/v[!0-9].txt', '/k/vx.txt', true],
    ['/etc/*.conf', '/etc/app.conf', true],
    ['/etc/*.conf', '/home/etc/app.conf', false],
    ['**', '/anything/at/all', true],
    ['a[b', '/x/a[b', true],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(globMatches(glob, path), expected);
    });
  }

});

describe('patterns users write in their settings', () => {
  const cases: [glob: string, path: string, expected: boolean][] = [
    ['**/node_modules/**', '/home/me/app/node_modules/left-pad/index.js', true],
    ['**/node_modules/**', '/home/me/app/src/node_modules.ts', false],
    ['*.log', '/home/me/app/logs/2026/app.log', true],
    ['*.log', '/home/me/app/logs/app.log.gz', false],
    ['dist/**', '/home/me/app/packages/web/dist/main.js', true],
    ['dist/**', '/home/me/app/distribution/main.js', false],
    ['**/*.min.js', '/home/me/app/vendor/jquery.min.js', true],
    ['**/*.min.js', '/home/me/app/vendor/jquery.js', false],
    ['**/test/fixtures/*.json', '/home/me/app/test/fixtures/user.json', true],
    ['**/test/fixtures/*.json', '/home/me/app/test/fixtures/deep/user.json', false],
    ['{build,out}/**', '/home/me/app/out/extension.js', true],
    ['{build,out}/**', '/home/me/app/output/extension.js', false],
    ['**/secrets/*.yaml', 'config/secrets/prod.yaml', true],
    ['.env', '/home/me/app/.env', true],
    ['.env', '/home/me/app/.env.local', false],
    ['env', '/home/me/app/.env', false],
    ['*.sqlite', 'data.sqlite', true],
    ['**/*.{sqlite,db}', '/github/me/app/data/store.db', true],
    ['src/**/generated/*.ts', '/home/me/app/src/api/generated/client.ts', true],
    ['src/**/generated/*.ts', '/home/me/app/src/api/generated/v2/client.ts', false],
    ['/home/me/app/*.conf', '/home/me/app/nginx/site.conf', false],
    ['/home/me/app/conf?d', '/home/me/app/conf/d', false],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(globMatches(glob, path), expected);
    });
  }

  it('a pattern matches whole names at a folder boundary, never the middle of a name', () => {
    assert.equal(globMatches('secret.txt', '/home/me/app/mysecret.txt'), false);
    assert.equal(globMatches('secret.txt', '/home/me/app/secret.txt'), true);
  });

  it('an anchored pattern holds from the root only', () => {
    assert.equal(globMatches('/home/me/app/*.key', '/home/me/app/tls.key'), true);
    assert.equal(globMatches('/home/me/app/*.key', '/backup/home/me/app/tls.key'), false);
  });
});

describe('linear time on hostile input', () => {
  it('a pattern of many stars does not blow up', () => {
    const started = performance.now();
    assert.equal(globMatches('*a*a*a*a*a*a*a*a*a*a*b', '/x/' + 'a'.repeat(50_000) + 'c'), false);
    assert.ok(performance.now() - started < 5000);
  });

  it('a path of 100,000 folders against a pattern with several globstars answers at once', () => {
    const path = '/' + 'a/'.repeat(100_000) + 'b.txt';
    const started = performance.now();
    assert.equal(globMatches('**/a/**/a/**/c/**/*.txt', path), false);
    assert.equal(globMatches('**/a/**/a/**/*.txt', path), true);
    assert.ok(performance.now() - started < 5000, 'matching must not backtrack');
  });
});
