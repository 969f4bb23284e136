import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { securityPermissions } from '@devsecops/plugin-security-common';
import {
  SecurityReportFormatsExtensionPoint,
  securityReportFormatsExtensionPoint,
} from '@devsecops/plugin-security-node';
import { DatabaseSecurityStore } from './database/DatabaseSecurityStore';
import { builtInFormats } from './formats';
import { FormatRegistry } from './service/FormatRegistry';
import { createRouter } from './service/createRouter';
import { seedReports } from './ingest/seedReports';
import { BundleVerifier } from './supplychain/BundleVerifier';
import { SupplyChainService } from './supplychain/SupplyChainService';
import { TrustRoot } from './supplychain/TrustRoot';
import { readOrganisationIdentity } from './supplychain/identityPolicy';
import { ComplianceService } from './compliance/ComplianceService';
import { loadCatalogue } from './compliance/loadCatalogue';

const DEFAULT_MAX_REPORT_BYTES = 1024 * 1024 * 1024;
const DEFAULT_ACCESS_CACHE_SECONDS = 5;

/** The security backend plugin: report ingestion, the normalised store and the query API. */
export const securityPlugin = createBackendPlugin({
  pluginId: 'security',
  register(env) {
    const formats = new FormatRegistry();
    const extension: SecurityReportFormatsExtensionPoint = {
      addFormat: (...added) => added.forEach(f => formats.add(f)),
    };
    // Built-in formats go through the same extension point as modules' formats, first, so
    // content detection tries them before any a module adds.
    extension.addFormat(...builtInFormats);
    env.registerExtensionPoint(securityReportFormatsExtensionPoint, extension);

    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(securityPermissions);
        const store = await DatabaseSecurityStore.create({ database: deps.database });
        const maxReportBytes =
          deps.config.getOptionalNumber('security.ingest.maxReportBytes') ??
          DEFAULT_MAX_REPORT_BYTES;
        const supplyChain = new SupplyChainService(
          store,
          new BundleVerifier(TrustRoot.fromConfig(deps.config)),
          readOrganisationIdentity(deps.config),
        );
        const compliance = new ComplianceService(
          loadCatalogue(deps.config),
          store,
          supplyChain,
          deps.config.getOptionalStringArray('security.compliance.defaultFrameworks') ?? [],
        );
        const accessCacheTtlMs =
          (deps.config.getOptionalNumber('security.accessCache.ttlSeconds') ??
            DEFAULT_ACCESS_CACHE_SECONDS) * 1000;
        deps.httpRouter.use(
          await createRouter({
            ...deps,
            store,
            formats,
            maxReportBytes,
            supplyChain,
            compliance,
            accessCacheTtlMs,
          }),
        );
        const seeds = deps.config.getOptionalConfigArray('security.seedReports') ?? [];
        if (seeds.length > 0) {
          // In the background: a slow seed must not hold up the backend's readiness.
          seedReports({
            seeds,
            store,
            formats,
            logger: deps.logger,
            maxReportBytes,
            supplyChain: { verifier: supplyChain.verifier, organisation: supplyChain.organisation },
            // the catalog may not have read its locations yet on a first start: then none
            lookupEntity: async ref =>
              deps.catalog.getEntityByRef(ref, {
                credentials: await deps.auth.getOwnServiceCredentials(),
              }),
          }).catch(
            error => deps.logger.error(`Loading seed reports failed: ${error}`),
          );
        }
      },
    });
  },
});
