// ESLint with typescript-eslint (type-aware): promises are awaited or handed on, nothing unused, and no non-null
// assertion where the type already excludes undefined. Run by `npm test` (npm run lint).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/out/**', '**/dist/**', 'node_modules/**', 'clients/vscode/**', 'specs/**', '.scratch/**', '.cache/**', '**/*.mjs', '**/*.js', '**/*.d.mts'] },
  {
    files: ['server/src/**/*.ts', 'test/**/*.ts', 'eval/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { project: ['./test/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
);
