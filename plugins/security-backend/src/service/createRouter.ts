import {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Readable } from 'node:stream';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  securityFindingsReadPermission,
  securityReportCreatePermission,
} from '@devsecops/plugin-security-common';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { IngestResult, SecurityStore } from '../database/DatabaseSecurityStore';
import { ingestReport } from '../ingest/ingestReport';
import { SpooledBody, spoolBody } from '../ingest/spoolBody';
import { PayloadTooLargeError } from '../ingest/errors';
import { AccessControl } from './AccessControl';
import { SupplyChainService } from '../supplychain/SupplyChainService';
import { ComplianceService } from '../compliance/ComplianceService';
import { readRepositoryManifests } from '../compliance/readRepositoryManifests';
import { FormatRegistry } from './FormatRegistry';
import {
  componentsQuerySchema,
  controlsQuerySchema,
  findingsQuerySchema,
  parseInput,
  uploadQuerySchema,
} from './requestSchemas';

export interface RouterOptions {
  store: SecurityStore;
  formats: FormatRegistry;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  urlReader: UrlReaderService;
  auditor: AuditorService;
  logger: LoggerService;
  maxReportBytes: number;
  supplyChain: SupplyChainService;
  compliance: ComplianceService;
  /** How long grants and entity look-ups are reused per caller; 0 asks every time. */
  accessCacheTtlMs?: number;
}

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { store, formats, auditor, logger, maxReportBytes, supplyChain, compliance } = options;
  const access = new AccessControl(
    options.auth,
    options.httpAuth,
    options.permissions,
    options.catalog,
    options.accessCacheTtlMs,
  );
  const router = Router();

  router.post('/v1/reports', async (req, res) => {
    const query = parseInput(uploadQuerySchema, req.query);
    const credentials = await access.authorize(req, securityReportCreatePermission);
    const event = await auditor.createEvent({
      eventId: 'report-upload',
      severityLevel: 'medium',
      request: req,
      meta: {
        entityRef: query.entityRef,
        source: query.source ?? null,
        format: query.format ?? null,
        artifact: query.artifact ?? null,
      },
    });
    let body: Promise<SpooledBody> | undefined;
    try {
      const declared = Number(req.headers['content-length']);
      if (!req.headers['content-encoding'] && declared > maxReportBytes) {
        throw new PayloadTooLargeError(
          `The report is larger than the limit of ${maxReportBytes} bytes`,
        );
      }
      // the body arrives while the catalog is asked for the entity
      body = spoolBody(req, { maxBytes: maxReportBytes, contentEncoding: req.headers['content-encoding'] });
      body.catch(() => undefined);
      const entity = await access.resolveEntity(query.entityRef, credentials);
      const entityRef = stringifyEntityRef(entity);
      const spooled = body;
      body = undefined;
      const result = await ingestReport({
        body: spooled,
        entityRef,
        entity,
        artifact: query.artifact,
        sourceLabel: query.source ?? '',
        formatId: query.format,
        uploadedBy: principalOf(credentials.principal),
        formats,
        store,
        maxReportBytes,
        supplyChain: { verifier: supplyChain.verifier, organisation: supplyChain.organisation },
      });
      await event.success({
        meta: { reportId: result.id, format: result.format, duplicate: result.duplicate, counts: result.counts },
      });
      if (result.warnings.length > 0) {
        logger.info(`Report ${result.id} for ${entityRef}: ${result.warnings.join('; ')}`);
      }
      sendReceipt(res, result);
    } catch (error) {
      // a body spooled for an upload that went no further
      body?.then(b => b.dispose()).catch(() => undefined);
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.post('/v1/entities/:kind/:namespace/:name/manifest-evaluations', async (req, res) => {
    const credentials = await access.authorize(req, securityReportCreatePermission);
    const { kind, namespace, name } = req.params;
    const event = await auditor.createEvent({
      eventId: 'manifest-evaluation',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef: `${kind}:${namespace}/${name}` },
    });
    try {
      const entity = await access.resolveEntity(`${kind}:${namespace}/${name}`, credentials);
      const manifests = await readRepositoryManifests(entity, options.urlReader, maxReportBytes);
      const result = await ingestReport({
        body: Readable.from([manifests.body]),
        entityRef: stringifyEntityRef(entity),
        entity,
        sourceLabel: 'repository',
        formatId: 'kubernetes-manifests',
        uploadedBy: principalOf(credentials.principal),
        formats,
        store,
        maxReportBytes,
        supplyChain: { verifier: supplyChain.verifier, organisation: supplyChain.organisation },
      });
      await event.success({ meta: { reportId: result.id, files: manifests.files.length } });
      sendReceipt(res, result, { files: manifests.files });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/v1/formats', async (req, res) => {
    await access.authorize(req, securityFindingsReadPermission);
    res.json({ items: formats.list().map(f => ({ id: f.id, displayName: f.displayName })) });
  });

  const readEntity = (req: Request) => {
    const { kind, namespace, name } = req.params;
    return access.authorizeEntity(
      req,
      securityFindingsReadPermission,
      `${kind}:${namespace}/${name}`,
    );
  };

  /**
   * Runs a read while the caller's permission and the entity are being checked (each a call to
   * another plugin), and answers only once both passed; a refusal wins over any read error.
   */
  async function authorizedRead<T>(req: Request, read: (entityRef: string) => Promise<T>) {
    const { kind, namespace, name } = req.params;
    const ref = stringifyEntityRef({ kind, namespace, name });
    const [entity, value] = await Promise.allSettled([readEntity(req), read(ref)]);
    if (entity.status === 'rejected') throw entity.reason;
    if (value.status === 'rejected') throw value.reason;
    const canonical = stringifyEntityRef(entity.value);
    return { entity: entity.value, value: canonical === ref ? value.value : await read(canonical) };
  }

  router.get('/v1/entities/:kind/:namespace/:name/summary', async (req, res) => {
    const { entity, value } = await authorizedRead(req, ref =>
      Promise.all([store.getSummary(ref), store.listAttestationRows(ref)]),
    );
    const [summary, rows] = value;
    const [signing, scores] = await Promise.all([
      supplyChain.summary(entity, rows),
      compliance.scores(entity, access.lookupAs(req), summary),
    ]);
    res.json({ ...summary, compliance: scores, supplyChain: signing });
  });

  router.get('/v1/entities/:kind/:namespace/:name/findings', async (req, res) => {
    const query = parseInput(findingsQuerySchema, req.query);
    const { value } = await authorizedRead(req, ref => store.listFindings(ref, query));
    res.json(value);
  });

  router.get('/v1/entities/:kind/:namespace/:name/components', async (req, res) => {
    const query = parseInput(componentsQuerySchema, req.query);
    const { entity, value } = await authorizedRead(req, ref => store.listComponents(ref, query));
    res.json(await supplyChain.withProvenance(entity, value));
  });

  router.get('/v1/entities/:kind/:namespace/:name/controls', async (req, res) => {
    const query = parseInput(controlsQuerySchema, req.query);
    const matchers = query.framework ? compliance.matchersFor(query.framework) : undefined;
    const { value } = await authorizedRead(req, ref => store.listControls(ref, query, matchers));
    res.json(value);
  });

  router.get('/v1/entities/:kind/:namespace/:name/compliance', async (req, res) => {
    const { entity } = await authorizedRead(req, async () => undefined);
    res.json(await compliance.assess(entity, access.lookupAs(req)));
  });

  router.get('/v1/entities/:kind/:namespace/:name/attestations', async (req, res) => {
    const { entity, value } = await authorizedRead(req, ref => store.listAttestationRows(ref));
    res.json(await supplyChain.attestations(entity, value));
  });

  return router;
}

/** 201 with the receipt of a stored report; 200 with the original's when it was stored before. */
function sendReceipt(res: Response, result: IngestResult, extra: Record<string, unknown> = {}) {
  res.status(result.duplicate ? 200 : 201).json({
    id: result.id,
    entityRef: result.entityRef,
    format: result.format,
    counts: result.counts,
    ...extra,
    ...(result.warnings.length > 0 ? { warnings: result.warnings } : {}),
  });
}

function principalOf(principal: unknown): string | undefined {
  const p = principal as { type?: string; userEntityRef?: string; subject?: string };
  return p.userEntityRef ?? (p.subject ? `${p.type}:${p.subject}` : undefined);
}
