/** Unit tests sit beside the code (src/**\/*.test.ts) and run without any server.
 *  Integration tests (test/integration) share one real Temporal dev server started in globalSetup. */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs', ignoreDynamic: true } }] };

/** A project whose tests share the real Temporal dev server started in globalSetup. */
const withTemporal = (displayName, testMatch) => ({
  displayName,
  testEnvironment: 'node',
  transform,
  testMatch: [testMatch],
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  setupFiles: ['<rootDir>/test/helpers/setup-runtime.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/integration-timeout.ts'],
});

module.exports = {
  // Worker logs of integration tests go to files; the tail of one is printed when its tests fail.
  reporters: ['default', '<rootDir>/test/helpers/failed-test-logs.cjs'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/src/**/*.test.ts'],
    },
    withTemporal('integration', '<rootDir>/test/integration/**/*.test.ts'),
    // Not a test: rewrites the replay fixtures (npm run record-histories sets the variable).
    ...(process.env.AUGCON_RECORD_HISTORIES === '1' ? [withTemporal('record', '<rootDir>/test/record/**/*.test.ts')] : []),
  ],
};
