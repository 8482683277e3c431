import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/vscode/**', 'test/data/**', 'test-results/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/engine/**/*.ts', 'src/backends/**/*.ts', 'src/vscode/model/**/*.ts'],
    rules: {
      // The engine, the backends and the editor layer's rules (src/vscode/model) run and are
      // tested in plain Node: no editor API there.
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The engine must stay free of vscode imports.' }] }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
