import { Knex } from 'knex';
import { CONTROL_STATUSES, severityRank } from '@devsecops/plugin-security-common';
import { randomUUID } from 'node:crypto';
import {
  AttestationInput,
  ComponentInput,
  ControlResultInput,
  FindingInput,
  ReportSink,
  ToolInfo,
  VexStatementInput,
} from '@devsecops/plugin-security-node';
import { AttestationRecord, toAttestationRow, writeAttestations } from './attestationRows';
import { BatchInsert } from './BatchInsert';
import { dialectOf } from './dialect';
import { FindingFingerprints } from './FindingFingerprints';
import { PgUnnestUpsert } from './pgUnnestUpsert';
import { FindingRow, scopeOf } from './rows';

/** Columns an upsert overwrites; `first_seen` and `first_report_id` stay as they were. */
const MERGED_COLUMNS = [
  'type',
  'tool',
  'rule_id',
  'vulnerability_id',
  'cwe',
  'severity',
  'severity_rank',
  'title',
  'message',
  'help_uri',
  'package_purl',
  'package_name',
  'installed_version',
  'fixed_version',
  'location_path',
  'location_start_line',
  'location_end_line',
  'status',
  'reported_status',
  'suppression_kind',
  'suppression_justification',
  'last_seen',
  'fixed_at',
  'last_report_id',
] as const;

const MAX_WARNINGS = 50;
const MAX_EVIDENCE = 100;

const findingUpsert = new BatchInsert<FindingRow>('security_findings', {
  conflict: ['entity_ref', 'scope', 'fingerprint'],
  merge: [...MERGED_COLUMNS],
});
const findingUpsertPg = new PgUnnestUpsert<FindingRow>({
  table: 'security_findings',
  columns: {
    entity_ref: 'text',
    scope: 'text',
    fingerprint: 'text',
    type: 'text',
    tool: 'text',
    source_label: 'text',
    rule_id: 'text',
    vulnerability_id: 'text',
    cwe: 'text',
    severity: 'text',
    severity_rank: 'smallint',
    title: 'text',
    message: 'text',
    help_uri: 'text',
    package_purl: 'text',
    package_name: 'text',
    installed_version: 'text',
    fixed_version: 'text',
    location_path: 'text',
    location_start_line: 'integer',
    location_end_line: 'integer',
    status: 'text',
    reported_status: 'text',
    suppression_kind: 'text',
    suppression_justification: 'text',
    first_seen: 'timestamptz',
    last_seen: 'timestamptz',
    fixed_at: 'timestamptz',
    first_report_id: 'text',
    last_report_id: 'text',
  },
  conflict: ['entity_ref', 'scope', 'fingerprint'],
  merge: [...MERGED_COLUMNS],
});
const componentInsert = new BatchInsert<Record<string, unknown>>('security_components');
const controlInsert = new BatchInsert<Record<string, unknown>>('security_control_results');
const edgeInsert = new BatchInsert<Record<string, unknown>>('security_component_edges');

export interface IngestContext {
  reportId: string;
  entityRef: string;
  sourceLabel: string;
  now: Date;
}

/** The sink of one ingest: what parsers write, plus attestations once they are verified. */
export interface IngestSink extends ReportSink {
  /** Bundles parsers found, waiting to be verified before they are stored. */
  takeAttestations(): AttestationInput[];
  storeAttestation(record: AttestationRecord): void;
}

const MAX_ATTESTATIONS = 1000;

/**
 * The sink parsers write into during one ingest transaction. Rows are buffered and written in
 * batches; findings with the same identity inside one batch are merged before the upsert,
 * since one statement may not touch a row twice.
 */
export class IngestWriter implements IngestSink {
  readonly scans = new Map<string, ToolInfo>();
  readonly warnings: string[] = [];
  readonly vexStatements: VexStatementInput[] = [];
  componentCount = 0;
  attestationCount = 0;
  controlCount = 0;
  sbomRootRef?: string;
  private pendingAttestations: AttestationInput[] = [];
  private attestationRecords = new Map<string, AttestationRecord>();
  private findings = new Map<string, FindingRow>();
  private inFlight?: Promise<void>;
  private components: Record<string, unknown>[] = [];
  private edges: Record<string, unknown>[] = [];
  private readonly fingerprints = new FindingFingerprints();
  private controls: Record<string, unknown>[] = [];

  constructor(
    private readonly tx: Knex.Transaction,
    private readonly ctx: IngestContext,
    private readonly batchSize: number,
  ) {}

  toolRun(tool: ToolInfo): void {
    const scope = scopeOf(tool.name, this.ctx.sourceLabel);
    const known = this.scans.get(scope);
    this.scans.set(scope, { name: tool.name, version: tool.version ?? known?.version });
  }

  warning(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
  }

  sbomRoot(ref: string): void {
    this.sbomRootRef ??= ref;
  }

  finding(input: FindingInput): void | Promise<void> {
    const scope = scopeOf(input.tool.name, this.ctx.sourceLabel);
    if (!this.scans.has(scope)) this.toolRun(input.tool);
    const row = this.toRow(input, scope);
    this.findings.set(`${scope}\u0000${row.fingerprint}`, row);
    return this.findings.size >= this.batchSize ? this.startFindingsWrite() : undefined;
  }

  component(input: ComponentInput): void | Promise<void> {
    this.componentCount++;
    this.components.push({
      entity_ref: this.ctx.entityRef,
      source_label: this.ctx.sourceLabel,
      report_id: this.ctx.reportId,
      ref: input.ref?.slice(0, 512) ?? null,
      name: input.name.slice(0, 512),
      version: input.version ?? null,
      purl: input.purl ?? null,
      type: input.type ?? null,
      licenses: JSON.stringify(input.licenses),
      hashes: input.hashes ? JSON.stringify(input.hashes) : null,
      direct: null,
    });
    return this.components.length >= this.batchSize ? this.flushComponents() : undefined;
  }

  controlResult(input: ControlResultInput): void | Promise<void> {
    const scope = scopeOf(input.tool.name, this.ctx.sourceLabel);
    if (!this.scans.has(scope)) this.toolRun(input.tool);
    this.controlCount++;
    const evidence = input.evidence ?? [];
    this.controls.push({
      entity_ref: this.ctx.entityRef,
      report_id: this.ctx.reportId,
      scope,
      tool: input.tool.name.slice(0, 100),
      source_label: this.ctx.sourceLabel,
      control_id: input.controlId.slice(0, 255),
      benchmark: input.benchmark?.slice(0, 128) ?? null,
      title: input.title,
      status: input.status,
      status_rank: CONTROL_STATUSES.indexOf(input.status),
      severity: input.severity ?? null,
      evidence: JSON.stringify(evidence.length > MAX_EVIDENCE ? evidence.slice(0, MAX_EVIDENCE) : evidence),
      remediation: input.remediation ?? null,
      recorded_at: this.ctx.now,
    });
    return this.controls.length >= this.batchSize ? this.startControlsWrite() : undefined;
  }

  dependency(from: string, to: string): void | Promise<void> {
    this.edges.push({
      report_id: this.ctx.reportId,
      from_ref: from.slice(0, 512),
      to_ref: to.slice(0, 512),
    });
    return this.edges.length >= this.batchSize ? this.flushEdges() : undefined;
  }

  attestation(input: AttestationInput): void {
    if (this.pendingAttestations.length + this.attestationRecords.size >= MAX_ATTESTATIONS) {
      throw new RangeError(`more than ${MAX_ATTESTATIONS} attestations in one report`);
    }
    this.pendingAttestations.push(input);
  }

  takeAttestations(): AttestationInput[] {
    const taken = this.pendingAttestations;
    this.pendingAttestations = [];
    return taken;
  }

  storeAttestation(record: AttestationRecord): void {
    this.attestationRecords.set(`${record.bundleDigest}\u0000${record.requestedArtifact ?? ''}`, record);
  }

  vexStatement(statement: VexStatementInput): void {
    this.vexStatements.push(statement);
  }

  /** Waits for the writes already started, whatever their outcome. */
  async settle(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }

  async flush(): Promise<void> {
    await this.startFindingsWrite();
    await this.startControlsWrite();
    await this.inFlight;
    this.inFlight = undefined;
    await this.flushComponents();
    await this.flushEdges();
    this.attestationCount = this.attestationRecords.size;
    await writeAttestations(
      this.tx,
      [...this.attestationRecords.values()].map(record =>
        toAttestationRow(record, { ...this.ctx, id: randomUUID() }),
      ),
    );
    this.attestationRecords.clear();
    for (let i = 0; i < this.vexStatements.length; i += this.batchSize) {
      await this.tx('security_vex_statements').insert(
        this.vexStatements.slice(i, i + this.batchSize).map(s => ({
          entity_ref: this.ctx.entityRef,
          report_id: this.ctx.reportId,
          vulnerability_id: s.vulnerabilityId,
          products: JSON.stringify(s.products),
          status: s.status,
          justification:
            [s.justification, s.impactStatement].filter(Boolean).join(': ') || null,
          issued_at: this.ctx.now,
        })),
      );
    }
  }

  /**
   * Findings and control results are handed to the database a full batch at a time. On
   * PostgreSQL (another process) the writer does not wait for the write, so that while the
   * database writes one batch the parser reads the next; at most one batch is in flight, so
   * memory stays at two batches, and a failed write surfaces at the next call. On SQLite the
   * write runs in this thread anyway and is simply awaited.
   */
  private startFindingsWrite(): Promise<void> {
    if (this.findings.size === 0) return this.queueWrite();
    const rows = [...this.findings.values()];
    this.findings = new Map();
    return this.queueWrite(() =>
      dialectOf(this.tx) === 'postgres'
        ? findingUpsertPg.run(this.tx, rows)
        : findingUpsert.run(this.tx, rows),
    );
  }

  private startControlsWrite(): Promise<void> {
    if (this.controls.length === 0) return this.queueWrite();
    const rows = this.controls;
    this.controls = [];
    return this.queueWrite(() => controlInsert.run(this.tx, rows));
  }

  /**
   * Runs a write after the one in flight and resolves once that one is done (on SQLite, once
   * this one is). The writes stay in order even if a caller does not wait, and a failure is
   * carried to the later ones and to `flush()`.
   */
  private async queueWrite(run?: () => Promise<void>): Promise<void> {
    const previous = this.inFlight;
    if (run) {
      const write = (async () => {
        await previous;
        await run();
      })();
      write.catch(() => undefined); // observed by the next write and by flush()
      this.inFlight = write;
      if (dialectOf(this.tx) !== 'postgres') {
        await write;
        return;
      }
    }
    await previous;
  }

  private async flushComponents() {
    if (this.components.length === 0) return;
    const rows = this.components;
    this.components = [];
    await componentInsert.run(this.tx, rows);
  }

  private async flushEdges() {
    if (this.edges.length === 0) return;
    const rows = this.edges;
    this.edges = [];
    await edgeInsert.run(this.tx, rows);
  }

  private toRow(f: FindingInput, scope: string): FindingRow {
    const status = f.status === 'suppressed' ? 'suppressed' : 'open';
    return {
      entity_ref: this.ctx.entityRef,
      scope,
      fingerprint: this.fingerprints.of(f, scope),
      type: f.type,
      tool: f.tool.name.slice(0, 100),
      source_label: this.ctx.sourceLabel,
      rule_id: f.ruleId?.slice(0, 255) ?? null,
      vulnerability_id: f.vulnerabilityId?.slice(0, 100) ?? null,
      cwe: f.cwe?.length ? f.cwe.join(',').slice(0, 255) : null,
      severity: f.severity,
      severity_rank: severityRank(f.severity),
      title: f.title,
      message: f.message ?? null,
      help_uri: f.helpUri ?? null,
      package_purl: f.package?.purl ?? null,
      package_name: f.package?.name?.slice(0, 255) ?? null,
      installed_version: f.package?.installedVersion?.slice(0, 255) ?? null,
      fixed_version: f.package?.fixedVersion?.slice(0, 255) ?? null,
      location_path: f.location?.path ?? null,
      location_start_line: int(f.location?.startLine),
      location_end_line: int(f.location?.endLine),
      status,
      reported_status: status,
      suppression_kind: f.suppression?.kind.slice(0, 64) ?? null,
      suppression_justification: f.suppression?.justification ?? null,
      first_seen: this.ctx.now,
      last_seen: this.ctx.now,
      fixed_at: null,
      first_report_id: this.ctx.reportId,
      last_report_id: this.ctx.reportId,
    };
  }
}

function int(value: number | undefined): number | null {
  return value !== undefined && Number.isSafeInteger(value) && value >= 0 && value < 2 ** 31
    ? value
    : null;
}
