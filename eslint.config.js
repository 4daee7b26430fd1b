// ESLint for the whole checkout (`npm run lint` runs it, then scripts/lint/check.ts for the
// project's own structural checks: library names, import cycles, shipped code importing scripts/).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'coverage/**', '.tmp/**', 'fuzz-out/**', '.scratch/**'] },
  js.configs.recommended,
  // Type-aware: the program is built once for all files (about half of the lint's time); what it
  // buys is mostly the promise rules, which tsc does not check.
  ...tseslint.configs.recommendedTypeChecked,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Local `Fail` classes carry a parse position to the catch a few lines away; never escape.
      '@typescript-eslint/only-throw-error': ['error', { allow: [{ from: 'file', name: 'Fail' }] }],
      // The code models byte- and control-character handling of other languages on purpose.
      'no-control-regex': 'off',
      // JSON comes in as `any`/`unknown` and is checked by hand or by ajv; these flag every step.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Stylistic or intent-documenting; off rather than churn files under active edit.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Sentinel rejections (a stub transport's stop signal) are caught and compared by identity.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      'preserve-caught-error': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], extends: [tseslint.configs.disableTypeChecked] },
);
