/** @type {import('jest').Config} */
// Transpile only (isolatedModules makes ts-jest use transpileModule): type checking is the separate `tsc` step of `npm test`.
const tsJest = ['ts-jest', { tsconfig: { isolatedModules: true, allowJs: true, module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true } }];

// `npm test` has both Jest runs write their JSON results here (--outputFile), for the clinical safety check
// (scripts/clinical-safety.ts) that runs last; Jest does not make the folder, and .local/ is gitignored.
require('node:fs').mkdirSync(require('node:path').join(__dirname, '.local', 'test-results'), { recursive: true });

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Heavy concurrency tests run alone afterwards (jest.concurrency.config.js), not beside the others.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/concurrency/'],
  transform: { '^.+\\.(t|m?j)s$': tsJest },
  // @middy/core 6+ and jose 6 are ESM-only: let ts-jest turn them into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  // zod's single-locale import is an ESM file; its CommonJS twin sits beside it.
  moduleNameMapper: { '^zod/v4/locales/(.*)\\.js$': 'zod/v4/locales/$1.cjs' },
  setupFiles: ['<rootDir>/test/support/env.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  // Two files at a time on these 2-core machines: with streams only where a test reads them, DynamoDB
  // Local keeps up, and the suite takes about 9.5 minutes instead of 15 (measured on a fresh clone).
  maxWorkers: 2,
};
