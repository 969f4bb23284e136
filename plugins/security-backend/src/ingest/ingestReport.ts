import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Entity } from '@backstage/catalog-model';
import { InputError, isError } from '@backstage/errors';
import { JsonStreamError } from '@devsecops/plugin-security-node';
import { IngestResult, SecurityStore } from '../database/DatabaseSecurityStore';
import { FormatRegistry } from '../service/FormatRegistry';
import { SpooledBody, spoolBody } from './spoolBody';
import { BundleVerifier } from '../supplychain/BundleVerifier';
import { OrganisationIdentity } from '../supplychain/identityPolicy';
import { processAttestations } from '../supplychain/processAttestations';

/** What verifying the Sigstore bundles inside a report needs. */
export interface SupplyChainOptions {
  verifier: BundleVerifier;
  organisation?: OrganisationIdentity;
}

export interface IngestReportOptions {
  /** The raw body, or one already being spooled (while the entity was looked up). */
  body: Readable | Promise<SpooledBody>;
  contentEncoding?: string;
  entityRef: string;
  /** The catalog entity, when it was looked up: its annotations declare artifacts and signers. */
  entity?: Entity;
  /** Which of the entity's artifacts the report's signatures are about. */
  artifact?: string;
  sourceLabel: string;
  formatId?: string;
  supplyChain: SupplyChainOptions;
  uploadedBy?: string;
  formats: FormatRegistry;
  store: SecurityStore;
  maxReportBytes: number;
}

/**
 * One report from bytes to rows: spool and hash the decoded body, pick the format, and let
 * the store run the parser inside its transaction. Anything wrong with the report itself
 * becomes a 400 and leaves no trace in the store.
 */
export async function ingestReport(options: IngestReportOptions): Promise<IngestResult> {
  const body = await (options.body instanceof Readable
    ? spoolBody(options.body, { maxBytes: options.maxReportBytes, contentEncoding: options.contentEncoding })
    : options.body);
  try {
    const format = options.formats.resolve(options.formatId, body.head);
    return await options.store.ingest({
      entityRef: options.entityRef,
      sourceLabel: options.sourceLabel,
      format: format.id,
      digest: reportDigest(body.digest, options.artifact),
      sizeBytes: body.size,
      uploadedBy: options.uploadedBy,
      parse: async sink => {
        try {
          await format.parse(body, sink);
          await processAttestations({
            sink,
            entity: options.entity,
            artifact: options.artifact,
            formats: options.formats,
            ...options.supplyChain,
          });
        } catch (error) {
          throw asReportError(error, format.displayName);
        }
      },
    });
  } finally {
    await body.dispose();
  }
}

/**
 * What makes an upload a repeat: the same bytes, and for signatures the same named artifact,
 * since one bundle may vouch for several artifacts and each upload says which.
 */
function reportDigest(bodyDigest: string, artifact: string | undefined): string {
  const named = artifact?.trim();
  if (!named) return bodyDigest;
  return createHash('sha256').update(bodyDigest).update('\u0000').update(named).digest('hex');
}

/** Problems in the report's content are the client's to fix; database failures stay 500s. */
function asReportError(error: unknown, formatName: string): unknown {
  if (!isError(error) || error.name === 'InputError') return error;
  if (
    error instanceof JsonStreamError ||
    error instanceof SyntaxError ||
    error instanceof RangeError
  ) {
    return new InputError(`The ${formatName} report could not be read: ${error.message}`);
  }
  return error;
}
