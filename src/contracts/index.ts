/** The host<->plugin contract. Depends on nothing else in the project. */
export * from './app';
export * from './clock';
export * from './configuration';
export * from './connection';
export * from './connection-name';
export * from './form';
export * from './json-schema';
export * from './lender-chain';
export * from './lender-resolution';
export * from './logger';
export * from './operation';
export * from './pools';
export * from './test-result';
export * from './tokens';
export * from './version';
export * from './import-session';
export * from './record-pump';
