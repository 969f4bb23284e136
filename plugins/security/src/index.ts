/**
 * Security tab and summary card for Backstage catalog entities.
 *
 * For the new frontend system, import the plugin from `@devsecops/plugin-security/alpha`.
 *
 * @packageDocumentation
 */
export { securityPlugin, EntitySecurityContent, EntitySecurityCard } from './plugin';
export { securityApiRef } from './api';
