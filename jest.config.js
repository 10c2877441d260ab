/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  // Only our TypeScript is transformed; dist/ and node_modules are native ESM.
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 120000,
  // Two workers even on two cores (jest's default would be one): most suites
  // spend their time waiting on go, docker and git child processes, so a
  // second suite runs in that time. Suites that run containers listen on ports
  // of their own (test/helpers/docker.ts) and build the shared stand-in images
  // once between them (test/helpers/standins.ts).
  maxWorkers: 2,
};
