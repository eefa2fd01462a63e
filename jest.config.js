/** Tests run on the TypeScript sources (transpile-only: `npm run typecheck` does the type checks). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // The workspaces import the plugin and each other as packages; in tests they run from source.
  moduleNameMapper: {
    '^cartrover-connector/contracts$': '<rootDir>/src/contracts',
    '^cartrover-connector/(schemas/.*|plugin\\.manifest\\.json)$': '<rootDir>/$1',
    '^@cartrover/(host|sandbox)$': '<rootDir>/$1/src',
  },
  setupFiles: ['<rootDir>/test/setup/reflect-metadata.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
