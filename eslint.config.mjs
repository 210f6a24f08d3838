// @ts-check
// Lint and the import boundaries of DESIGN.md, run by `npm test` (`npm run lint`). Production code
// (functions, shared, infra, web, bench, scripts) is held to typescript-eslint's strict type-checked
// rules; tests to its strict rules without type information (tsc checks them strictly, and reading
// untyped JSON answers is what they do). Formatting is Prettier's (eslint-config-prettier turns off
// the rules it owns).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const AWS_SDK = { group: ['@aws-sdk/*'], message: 'Only shared/store (and the adapters in shared/events, shared/runtime, infra) talk to AWS.' };
const STORE_CLIENT = { group: ['**/store/client'], message: 'The store clients are the store’s: use a repository or the patient record.' };
const DOOR_GATE = { group: ['**/record/door-gate'], message: 'The door is locked and opened by the router and the patient record only.' };

/** Import boundaries, per layer (DESIGN.md): each entry forbids what the files it names may not import. */
const boundaries = [
  {
    name: 'domain: pure rules, no store, http, record, events, runtime or AWS',
    files: ['shared/domain/**'],
    patterns: [
      { group: ['**/store/**', '**/http/**', '**/record/**', '**/events/**', '**/runtime/**', '**/functions/**', '**/infra/**'], message: 'The domain is pure: no I/O layers.' },
      AWS_SDK,
      { group: ['aws-lambda', '@aws-lambda-powertools/*', '@middy/*'], message: 'The domain knows no Lambda.' },
    ],
  },
  {
    name: 'store: no http, record or services',
    files: ['shared/store/**'],
    patterns: [{ group: ['**/http/**', '**/record/**', '**/functions/**', '**/infra/**'], message: 'The store sits below http, the record and the services.' }],
  },
  {
    name: 'record: talks to DynamoDB only through the store',
    files: ['shared/record/**'],
    patterns: [AWS_SDK, STORE_CLIENT, { group: ['**/functions/**', '**/infra/**'], message: 'The record serves the services, not the reverse.' }],
  },
  {
    name: 'http: no AWS SDK, no store clients, no services',
    files: ['shared/http/**'],
    patterns: [AWS_SDK, STORE_CLIENT, { group: ['**/functions/**', '**/infra/**'], message: 'shared/http serves the services, not the reverse.' }],
  },
  {
    name: 'routes and services: no AWS SDK, no store clients; patient data through the record',
    files: ['functions/**'],
    patterns: [AWS_SDK, STORE_CLIENT, DOOR_GATE, { group: ['**/infra/**'], message: 'A function bundles no infrastructure code.' }],
  },
  {
    name: 'web: only the public API contract (its generated types), nothing of the backend',
    files: ['web/**'],
    patterns: [{ group: ['**/shared/**', '**/functions/**', '**/infra/**', '@aws-sdk/*'], message: 'The web is a client of the public API: use web/src/api-types.ts.' }],
  },
].map(({ name, files, patterns }) => ({ name, files, rules: { 'no-restricted-imports': ['error', { patterns }] } }));

const PRODUCTION = ['functions/**/*.ts', 'shared/**/*.ts', 'infra/**/*.ts', 'web/**/*.{ts,tsx,mts}', 'bench/**/*.ts', 'scripts/**/*.ts'];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'web/dist/', '.local/', 'coverage/', 'web/src/api-types.ts'] },
  js.configs.recommended,
  {
    files: PRODUCTION,
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Numbers read well in messages; anything else must be made a string on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    files: ['test/**/*.ts', 'jest*.js'],
    extends: [tseslint.configs.strict],
    rules: {
      // A missing value fails the test where it is used.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx,mts}'],
    rules: {
      // `_name` marks what is left out on purpose (a key stripped by destructuring).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { module: 'readonly', require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    // The .js files are CommonJS (package.json has no "type": "module"): require is how they import.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...boundaries,
  prettier,
);
