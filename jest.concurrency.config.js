/** The concurrency tests: run on their own, one file at a time, after the other suites (see npm test). */
const base = require('./jest.config');

module.exports = { ...base, roots: ['<rootDir>/test/concurrency'], testPathIgnorePatterns: [], testTimeout: 300000 };
