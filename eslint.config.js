// ESLint flat configuration: typescript-eslint's recommended rules, with `any` forbidden.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'scratch/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      // Transactions go through runInTransaction (src/db/transaction.ts): on SQLite it takes the
      // shared connection exclusively. save()/remove() would open implicit transactions around it.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction'][callee.object.name=/[dD]ataSource$/]",
          message: 'Use runInTransaction(dataSource, work) from src/db/transaction.ts.',
        },
        {
          selector: "CallExpression[callee.property.name=/^(save|remove|softRemove)$/][arguments.length>0]",
          message: 'save()/remove() open implicit transactions: use insert/update/delete, inside runInTransaction when several writes belong together.',
        },
      ],
    },
  },
  {
    files: ['src/db/transaction.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { describe: 'readonly', it: 'readonly', before: 'readonly', after: 'readonly' } },
  },
);
