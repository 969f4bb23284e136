import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  Component,
  ComponentsQuery,
  ControlResult,
  ControlsQuery,
  StoredSummary,
  Finding,
  FindingsQuery,
  Page,
  ReportReceipt,
} from '@devsecops/plugin-security-common';
import { IngestSink, IngestWriter } from './IngestWriter';
import { AttestationRow, verdictColumns } from './attestationRows';
import { dialectOf } from './dialect';
import { finishIngest } from './finishIngest';
import { listFindings } from './findingQueries';
import { listComponents } from './componentQueries';
import { listControls } from './controlQueries';
import {
  ControlGroup,
  FailingControl,
  OpenFindingsMatch,
  controlGroups,
  failingControls,
  openFindingsMatching,
} from './complianceQueries';
import { ControlMatcher, FindingsCheckSpec } from '../compliance/catalogueSchema';
import { readSummary } from './summaries';

const migrationsDir = resolvePackagePath(
  '@devsecops/plugin-security-backend',
  'migrations',
);

/** An entity's attestations are few (one per signed build); this bounds a pathological one. */
const MAX_ATTESTATIONS_LISTED = 2000;

export interface IngestRequest {
  entityRef: string;
  sourceLabel: string;
  format: string;
  digest: string;
  sizeBytes: number;
  uploadedBy?: string;
  parse(sink: IngestSink): Promise<void>;
}

export interface IngestResult extends ReportReceipt {
  duplicate: boolean;
  warnings: string[];
}

/** Where everything the suite knows is kept. */
export interface SecurityStore {
  ingest(request: IngestRequest): Promise<IngestResult>;
  getSummary(entityRef: string): Promise<StoredSummary>;
  listFindings(entityRef: string, query: FindingsQuery): Promise<Page<Finding>>;
  listComponents(entityRef: string, query: ComponentsQuery): Promise<Page<Component>>;
  /** `matchers` limits the page to results of those checks (a framework's). */
  listControls(
    entityRef: string,
    query: ControlsQuery,
    matchers?: ControlMatcher[],
  ): Promise<Page<ControlResult>>;
  controlGroups(entityRef: string): Promise<ControlGroup[]>;
  failingControls(entityRef: string, controlIds: string[], limit: number): Promise<FailingControl[]>;
  /** `exampleCount` matching findings come along as evidence (0 skips reading them). */
  openFindingsMatching(
    entityRef: string,
    spec: FindingsCheckSpec,
    now: Date,
    exampleCount?: number,
  ): Promise<OpenFindingsMatch>;
  listAttestationRows(entityRef: string, role?: 'artifact' | 'dependency'): Promise<AttestationRow[]>;
  renewVerdict(id: string, columns: ReturnType<typeof verdictColumns>): Promise<void>;
}

export class DatabaseSecurityStore implements SecurityStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseSecurityStore> {
    const client = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseSecurityStore(client);
  }

  static async migrateDown(client: Knex) {
    await client.migrate.rollback({ directory: migrationsDir }, true);
  }

  private readonly batchSize: number;

  constructor(private readonly db: Knex) {
    // knex writes a multi-row SQLite insert as a compound SELECT, which stops at 500 terms.
    this.batchSize = dialectOf(db) === 'postgres' ? 2000 : 500;
  }

  async ingest(request: IngestRequest): Promise<IngestResult> {
    const existing = await this.findReport(request, this.db);
    if (existing) return { ...existing, duplicate: true, warnings: [] };
    try {
      return await this.db.transaction(async tx => {
        const reportId = randomUUID();
        const now = new Date();
        await tx('security_reports').insert({
          id: reportId,
          entity_ref: request.entityRef,
          source_label: request.sourceLabel,
          format: request.format,
          digest: request.digest,
          size_bytes: request.sizeBytes,
          uploaded_by: request.uploadedBy?.slice(0, 255) ?? null,
          received_at: now,
        });
        const writer = new IngestWriter(
          tx,
          { reportId, entityRef: request.entityRef, sourceLabel: request.sourceLabel, now },
          this.batchSize,
        );
        try {
          await request.parse(writer);
        } catch (error) {
          // a batch written after the rollback would land outside the transaction
          await writer.settle();
          throw error;
        }
        await writer.flush();
        const counts = await finishIngest(tx, writer, {
          reportId,
          entityRef: request.entityRef,
          sourceLabel: request.sourceLabel,
          now,
        });
        return {
          id: reportId,
          entityRef: request.entityRef,
          format: request.format,
          counts,
          duplicate: false,
          warnings: writer.warnings,
        };
      });
    } catch (error) {
      // Two identical uploads raced: the loser answers with the winner's report.
      const raced = await this.findReport(request, this.db);
      if (raced) return { ...raced, duplicate: true, warnings: [] };
      throw error;
    }
  }

  private async findReport(
    request: IngestRequest,
    db: Knex,
  ): Promise<ReportReceipt | undefined> {
    const row = await db('security_reports')
      .where({
        entity_ref: request.entityRef,
        source_label: request.sourceLabel,
        digest: request.digest,
      })
      .first();
    if (!row) return undefined;
    return {
      id: row.id,
      entityRef: row.entity_ref,
      format: row.format,
      counts: {
        findings: Number(row.finding_count),
        components: Number(row.component_count),
        attestations: Number(row.attestation_count),
        controls: Number(row.control_count),
      },
    };
  }

  getSummary(entityRef: string): Promise<StoredSummary> {
    return readSummary(this.db, entityRef);
  }

  listFindings(entityRef: string, query: FindingsQuery): Promise<Page<Finding>> {
    return listFindings(this.db, entityRef, query);
  }

  listComponents(entityRef: string, query: ComponentsQuery): Promise<Page<Component>> {
    return listComponents(this.db, entityRef, query);
  }

  listControls(
    entityRef: string,
    query: ControlsQuery,
    matchers?: ControlMatcher[],
  ): Promise<Page<ControlResult>> {
    return listControls(this.db, entityRef, query, matchers);
  }

  controlGroups(entityRef: string): Promise<ControlGroup[]> {
    return controlGroups(this.db, entityRef);
  }

  failingControls(entityRef: string, controlIds: string[], limit: number): Promise<FailingControl[]> {
    return failingControls(this.db, entityRef, controlIds, limit);
  }

  openFindingsMatching(
    entityRef: string,
    spec: FindingsCheckSpec,
    now: Date,
    exampleCount?: number,
  ): Promise<OpenFindingsMatch> {
    return openFindingsMatching(this.db, entityRef, spec, now, exampleCount);
  }

  async listAttestationRows(
    entityRef: string,
    role?: 'artifact' | 'dependency',
  ): Promise<AttestationRow[]> {
    const query = this.db<AttestationRow>('security_attestations')
      .where({ entity_ref: entityRef })
      .orderBy([{ column: 'uploaded_at', order: 'desc' }, { column: 'id', order: 'asc' }])
      .limit(MAX_ATTESTATIONS_LISTED);
    if (role) query.where({ role });
    return await query;
  }

  async renewVerdict(id: string, columns: ReturnType<typeof verdictColumns>): Promise<void> {
    await this.db('security_attestations').where({ id }).update(columns);
  }
}
