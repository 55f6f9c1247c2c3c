// Type-checked lint for the whole tree: typescript-eslint's recommended type-checked rules, with three
// deliberate departures, each for a reason stated beside it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  {
    // Prettier wraps code at 140 characters but leaves long strings, regular expressions and comments
    // as they are: this catches those.
    rules: { 'max-len': ['error', { code: 140, tabWidth: 2 }] },
  },
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A crawler's handlers refer to the crawler object, which exists only once the crawler it wraps is built.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Implementations of asynchronous interfaces (crawlee's request provider, Fastify handlers,
      // Kysely's migration provider) are async by contract even when this implementation has nothing to await.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a value that is deliberately left out (destructuring it away, an unused parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read JSON bodies and use vitest's asymmetric matchers (expect.any, expect.objectContaining), which are
    // typed `any` by design; asserting on a method's mock is the point of `expect(obj.method)`.
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The plain JavaScript entry points are tiny loaders; they are checked without type information.
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
