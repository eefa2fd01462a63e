/** The connection feature: model and validation, secrets, the client factory and the test handler. */
export { CartRoverConnectionTestHandler, TEST_ACQUIRE_TIMEOUT_MS, TEST_TIMEOUT_MS } from './cartrover-connection-test-handler';
export type { TestTimeouts } from './cartrover-connection-test-handler';
export { ConnectionClientFactory, DEFAULT_CARTROVER_BASE_URL } from './connection-client-factory';
export type { ClientBuildOptions, UnsavedClientOptions } from './connection-client-factory';
export { bindConnectionFeature } from './connection-feature';
export { CONNECTION_TOKENS } from './connection-tokens';
export { isBlankOrMask, resolveSubmittedSecret } from './submitted-secret';
export type { SubmittedSecret, SubmittedSecretInput } from './submitted-secret';
export { AUTH_FAILURE_MESSAGE, testFailureResult } from './test-failure-result';
