import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { SecurityStore } from '../database/DatabaseSecurityStore';
import { FormatRegistry } from '../service/FormatRegistry';
import { SupplyChainOptions, ingestReport } from './ingestReport';

/** Ingests the configured seed reports; unchanged files are recognised and skipped. */
export async function seedReports(options: {
  seeds: Config[];
  store: SecurityStore;
  formats: FormatRegistry;
  logger: LoggerService;
  maxReportBytes: number;
  supplyChain: SupplyChainOptions;
  /** The catalog entity, for the artifacts and signers its annotations declare. */
  lookupEntity?: (entityRef: string) => Promise<Entity | undefined>;
}) {
  for (const seed of options.seeds) {
    const path = resolve(seed.getString('path'));
    const entityRef = stringifyEntityRef(parseEntityRef(seed.getString('entityRef')));
    try {
      const result = await ingestReport({
        body: createReadStream(path),
        entityRef,
        sourceLabel: seed.getOptionalString('source') ?? '',
        formatId: seed.getOptionalString('format'),
        uploadedBy: 'seed',
        formats: options.formats,
        store: options.store,
        maxReportBytes: options.maxReportBytes,
        artifact: seed.getOptionalString('artifact'),
        entity: await options.lookupEntity?.(entityRef).catch(() => undefined),
        supplyChain: options.supplyChain,
      });
      if (!result.duplicate) {
        options.logger.info(
          `Seeded ${result.format} report for ${entityRef}: ${result.counts.findings} findings, ${result.counts.components} components, ${result.counts.attestations} attestations`,
        );
      }
    } catch (error) {
      options.logger.warn(`Seed report ${path} for ${entityRef} was not loaded: ${error}`);
    }
  }
}
