/**
 * The security backend plugin: report ingestion into one normalised model and the query API.
 *
 * @packageDocumentation
 */
export { securityPlugin as default } from './plugin';
export { DatabaseSecurityStore } from './database/DatabaseSecurityStore';
export type { SecurityStore, IngestRequest, IngestResult } from './database/DatabaseSecurityStore';
export { builtInFormats } from './formats';
