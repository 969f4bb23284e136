import {
  ArtifactSigning,
  CheckEvidence,
  CheckStatus,
  ControlStatus,
} from '@devsecops/plugin-security-common';
import { SecurityStore } from '../database/DatabaseSecurityStore';
import { Catalogue } from './Catalogue';
import { CheckDefinition, FindingsCheckSpec } from './catalogueSchema';

/** What a check found for one entity, before it is placed under a framework requirement. */
export interface CheckOutcome {
  status: CheckStatus;
  results: Partial<Record<ControlStatus, number>>;
  evidence: CheckEvidence[];
}

/** Facts about the entity the checks read besides its stored rows. */
export interface EntityFacts {
  entityRef: string;
  /** Tools with a report for the entity, lower case. */
  toolsReported: Set<string>;
  /** Formats of those reports: code and dependency scans mean the entity is software. */
  formatsReported: Set<string>;
  components: number;
  /** Only read when a signing check is assessed. */
  artifacts: () => Promise<ArtifactSigning[]>;
}

const EVIDENCE_PER_CHECK = 3;
const FAILING_ROWS_READ = 500;

/** Assesses `checks` for one entity: control results, open findings and signing verdicts. */
export async function assessChecks(options: {
  checks: CheckDefinition[];
  catalogue: Catalogue;
  store: SecurityStore;
  facts: EntityFacts;
  now: Date;
  /** Whether failing checks need their evidence read (scores alone do not). */
  withEvidence: boolean;
}): Promise<Map<string, CheckOutcome>> {
  const { checks, catalogue, store, facts, now, withEvidence } = options;
  const outcomes = new Map<string, CheckOutcome>();
  const wanted = new Set(checks.map(c => c.id));
  if (checks.some(c => c.match)) {
    await assessControlChecks(wanted, catalogue, store, facts.entityRef, outcomes, withEvidence);
  }
  await Promise.all(
    checks.map(async check => {
      if (check.findings) {
        const examples = withEvidence ? EVIDENCE_PER_CHECK : 0;
        outcomes.set(check.id, await assessFindings(check.findings, store, facts, now, examples));
      } else if (check.signing) {
        outcomes.set(check.id, assessSigning(check.signing.artifactKind, await facts.artifacts()));
      } else if (check.sbom) {
        outcomes.set(check.id, assessSbom(facts));
      } else if (!outcomes.has(check.id)) {
        outcomes.set(check.id, { status: 'not-assessed', results: {}, evidence: [] });
      }
    }),
  );
  return outcomes;
}

async function assessControlChecks(
  wanted: Set<string>,
  catalogue: Catalogue,
  store: SecurityStore,
  entityRef: string,
  outcomes: Map<string, CheckOutcome>,
  withEvidence: boolean,
) {
  const failingControlIds = new Set<string>();
  for (const group of await store.controlGroups(entityRef)) {
    for (const checkId of catalogue.checksForControl(group.tool, group.controlId)) {
      if (!wanted.has(checkId)) continue;
      const outcome = outcomes.get(checkId) ?? { status: 'not-assessed', results: {}, evidence: [] };
      outcome.results[group.status] = (outcome.results[group.status] ?? 0) + group.count;
      outcome.status = statusOf(outcome.results);
      outcomes.set(checkId, outcome);
      if (group.status === 'fail') failingControlIds.add(group.controlId);
    }
  }
  if (!withEvidence || failingControlIds.size === 0) return;
  const failing = await store.failingControls(entityRef, [...failingControlIds], FAILING_ROWS_READ);
  for (const result of failing) {
    for (const checkId of catalogue.checksForControl(result.tool, result.controlId)) {
      const outcome = outcomes.get(checkId);
      if (!outcome || outcome.evidence.length >= EVIDENCE_PER_CHECK) continue;
      const first = result.evidence[0] ?? {};
      outcome.evidence.push({
        source: result.tool,
        controlId: result.controlId,
        resource: first.resource,
        field: first.field,
        message: first.message ?? result.title,
        remediation: result.remediation,
      });
    }
  }
}

/** Any failure fails a check; it passes when something passed and nothing failed. */
function statusOf(results: Partial<Record<ControlStatus, number>>): CheckStatus {
  if (results.fail) return 'fail';
  if (results.pass) return 'pass';
  return 'not-assessed';
}

async function assessFindings(
  spec: FindingsCheckSpec,
  store: SecurityStore,
  facts: EntityFacts,
  now: Date,
  exampleCount: number,
): Promise<CheckOutcome> {
  const match = await store.openFindingsMatching(facts.entityRef, spec, now, exampleCount);
  if (match.count > 0) {
    return {
      status: 'fail',
      results: {},
      evidence: match.examples.map(e => ({
        source: e.tool,
        resource: e.package ?? e.path,
        message: `${e.title} (open since ${e.firstSeen.slice(0, 10)})`,
      })),
    };
  }
  const tools = spec.tool ? [spec.tool] : spec.tools;
  const assessed = tools
    ? tools.some(t => facts.toolsReported.has(t.toLowerCase()))
    : facts.toolsReported.size > 0;
  return assessed
    ? { status: 'pass', results: {}, evidence: [{ message: 'No matching open finding in the latest reports' }] }
    : { status: 'not-assessed', results: {}, evidence: [] };
}

function assessSigning(kind: 'image' | 'package' | 'any', artifacts: ArtifactSigning[]): CheckOutcome {
  const relevant = artifacts.filter(a => kind === 'any' || (kind === 'package') === a.artifact.startsWith('pkg:'));
  if (relevant.length === 0) return { status: 'not-assessed', results: {}, evidence: [] };
  const bad = relevant.filter(a => a.status !== 'verified');
  if (bad.length === 0) {
    return {
      status: 'pass',
      results: {},
      evidence: [{ message: `${relevant.length} artifact(s) with a verified signature` }],
    };
  }
  return {
    status: 'fail',
    results: {},
    evidence: bad.slice(0, EVIDENCE_PER_CHECK).map(a => ({
      source: 'sigstore',
      resource: a.artifact,
      message: `${a.status}${a.reason ? `: ${a.reason}` : ''}`,
    })),
  };
}

/** Scans of code and dependencies: an entity that has them is software that should have an SBOM. */
const SOFTWARE_SCANS = new Set(['sarif', 'trivy', 'grype']);

function assessSbom(facts: EntityFacts): CheckOutcome {
  if (facts.components > 0) {
    return { status: 'pass', results: {}, evidence: [{ message: `${facts.components} SBOM components recorded` }] };
  }
  if (![...facts.formatsReported].some(f => SOFTWARE_SCANS.has(f))) {
    return { status: 'not-assessed', results: {}, evidence: [] };
  }
  return { status: 'fail', results: {}, evidence: [{ message: 'Code or dependency scans were uploaded, but no SBOM' }] };
}
