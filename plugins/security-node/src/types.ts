import { Readable } from 'node:stream';
import {
  ControlEvidence,
  ControlStatus,
  FindingStatus,
  FindingType,
  Severity,
} from '@devsecops/plugin-security-common';

/** The tool that produced a set of findings; findings are tracked per tool and source label. */
export interface ToolInfo {
  name: string;
  version?: string;
}

/** A finding as a parser emits it, before the store assigns identity and lifecycle. */
export interface FindingInput {
  type: FindingType;
  tool: ToolInfo;
  ruleId?: string;
  vulnerabilityId?: string;
  cwe?: string[];
  severity: Severity;
  title: string;
  message?: string;
  helpUri?: string;
  package?: {
    purl?: string;
    name?: string;
    installedVersion?: string;
    fixedVersion?: string;
  };
  location?: {
    path: string;
    startLine?: number;
    endLine?: number;
    /** Tells results on one line apart when the tool gives no fingerprint. */
    startColumn?: number;
    /** The flagged code when the report quotes it; it identifies a finding that has moved. */
    snippet?: string;
  };
  /**
   * Identity of the finding across reports of the same tool. Parsers pass the tool's own
   * stable fingerprint when it has one; otherwise the store derives one from rule, file,
   * package and the quoted code or message, and the finding's occurrence among equal ones.
   */
  fingerprint?: string;
  /** Set when the report itself marks the finding as suppressed (SARIF suppressions, VEX). */
  status?: FindingStatus;
  suppression?: { kind: string; justification?: string };
}

export interface ComponentInput {
  /** The document's own reference (CycloneDX bom-ref, SPDX SPDXID), for the dependency graph. */
  ref?: string;
  name: string;
  version?: string;
  purl?: string;
  type?: string;
  licenses: string[];
  hashes?: Record<string, string>;
}

/** A VEX statement: the status of a vulnerability for the entity (optionally one product). */
export interface VexStatementInput {
  vulnerabilityId: string;
  products: string[];
  status: 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
  justification?: string;
  impactStatement?: string;
}

/**
 * A Sigstore bundle as found in a report. The backend decodes, verifies and stores it; parsers
 * only locate bundles and convert older encodings (cosign's) to the bundle JSON form.
 */
export interface AttestationInput {
  /** The bundle in its protobuf-specs JSON form. */
  bundle: unknown;
  /** The predicate type the container declares (npm's attestations response states it). */
  predicateType?: string;
}

/** The result of one control check, as a compliance tool reports it. */
export interface ControlResultInput {
  tool: ToolInfo;
  controlId: string;
  benchmark?: string;
  title: string;
  status: ControlStatus;
  severity?: Severity;
  evidence?: ControlEvidence[];
  remediation?: string;
}

/** Where parsers put what they read. Awaiting is only needed when a promise is returned. */
export interface ReportSink {
  finding(finding: FindingInput): void | Promise<void>;
  component(component: ComponentInput): void | Promise<void>;
  /** An edge of the dependency graph, by component refs. `root` marks the described artifact. */
  dependency(from: string, to: string): void | Promise<void>;
  /** The ref of the component the SBOM describes, so its direct dependencies can be told apart. */
  sbomRoot(ref: string): void;
  vexStatement(statement: VexStatementInput): void | Promise<void>;
  attestation(attestation: AttestationInput): void | Promise<void>;
  controlResult(result: ControlResultInput): void | Promise<void>;
  /** A tool that ran, even if it found nothing: it marks its earlier findings as fixed. */
  toolRun(tool: ToolInfo): void;
  /** Non-fatal problems with the report (tool notifications, skipped entries). */
  warning(message: string): void;
}

/** The decompressed report. It can be read more than once. */
export interface ReportInput {
  size: number;
  open(): Readable;
}

/** A report format: how to recognise it and how to read it. */
export interface ReportFormat {
  /** Stable id used in the `format` query parameter and stored with each report. */
  id: string;
  displayName: string;
  /** Decides from the first bytes of the report (decoded as UTF-8) whether this format applies. */
  detect(head: string): boolean;
  parse(input: ReportInput, sink: ReportSink): Promise<void>;
}
