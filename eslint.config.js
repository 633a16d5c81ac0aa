// Lint rules that keep the architecture honest: one-way imports, no cycles, hooks used correctly.
// Formatting is Prettier's job (npm run format); this file only judges code.
import js from '@eslint/js'
import importX from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeBuiltins = { group: ['node:*'], message: 'Only the server, scripts and tests may use Node built-ins.' }
const outsideWeb = {
  group: ['**/server/**', '**/scripts/**', '**/tests/**'],
  message: 'The web app talks to the server over HTTP; what both sides share lives in contract/.',
}

// The role names of contract/domains.ts ROLES (tests/unit/rights.test.ts checks that each is caught). The web never
// re-states a role rule: it reads the role's data in contract/rights.ts, so it cannot drift from what the server does.
const ROLE_NAME = '/^(admin|planner|commissioner|field_officer|viewer|moderator|operator|flight_officer)$/'
const roleRule = 'A role rule belongs in contract/rights.ts (data per role, read by server and web alike).'
const noRoleRules = [
  { selector: `BinaryExpression[operator=/^[!=]==?$/] > Literal[value=${ROLE_NAME}]`, message: roleRule },
  { selector: `SwitchCase > Literal.test[value=${ROLE_NAME}]`, message: roleRule },
  { selector: `ArrayExpression > Literal[value=${ROLE_NAME}]`, message: roleRule },
]

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', '.ramani/', 'data/', 'test-results/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      // Dependencies are parsed as TypeScript too, or no-cycle cannot follow them and finds nothing.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The classic hook rules; the React Compiler's stricter ones wait until the client is built around a store.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, outsideWeb] }],
      'no-restricted-syntax': ['error', ...noRoleRules],
    },
  },
  {
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            {
              group: ['**/server/**', '**/web/**', '**/scripts/**', '**/tests/**'],
              message: 'contract/ depends on nothing but zod.',
            },
          ],
        },
      ],
    },
  },
  {
    // Domain code answers in domain terms; only routes and the app speak HTTP.
    files: ['server/**/*.ts'],
    ignores: ['server/routes/**', 'server/http/**', 'server/app.ts', 'server/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Schemas may carry OpenAPI metadata (@hono/zod-openapi's z); requests and responses stay in routes/ and http/.
              group: ['**/http/*', '**/routes/*', 'hono', 'hono/*', '@hono/node-server', '@hono/node-server/*'],
              message: 'Domain code may not depend on HTTP: throw a domain error (server/errors.ts) instead.',
            },
            { group: ['**/web/**'], message: 'The server never imports from the web app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/routes/**/*.ts', 'server/http/**/*.ts', 'server/app.ts', 'server/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/web/**'], message: 'The server never imports from the web app.' }] },
      ],
    },
  },
)
