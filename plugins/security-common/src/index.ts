/**
 * Domain types, permissions and the API client of the Backstage security suite.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './supplyChain';
export * from './annotations';
export * from './controls';
export * from './compliance';
export * from './permissions';
export * from './severity';
export * from './entityRefs';
export type { SecurityApi } from './client/SecurityApi';
export { SecurityClient } from './client/SecurityClient';
export type { SecurityClientOptions } from './client/SecurityClient';
