import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  EntityCompliance,
  FrameworkScoreSummary,
  StoredSummary,
} from '@devsecops/plugin-security-common';
import { SecurityStore } from '../database/DatabaseSecurityStore';
import { SupplyChainService } from '../supplychain/SupplyChainService';
import { assessChecks } from './assessChecks';
import { Catalogue } from './Catalogue';
import { ControlMatcher } from './catalogueSchema';
import { optedInFrameworks, systemRefOf } from './optIn';
import { scoreFramework } from './scoreFrameworks';

/** Finds another catalog entity with the caller's credentials; undefined when not visible. */
export type EntityLookup = (ref: string) => Promise<Entity | undefined>;

/** Scores entities against the frameworks they opted into, from the catalogue's checks. */
export class ComplianceService {
  constructor(
    readonly catalogue: Catalogue,
    private readonly store: SecurityStore,
    private readonly supplyChain: SupplyChainService,
    private readonly defaultFrameworks: string[] = [],
    private readonly now: () => Date = () => new Date(),
  ) {}

  async assess(
    entity: Entity,
    lookup: EntityLookup,
    summary?: StoredSummary,
    withEvidence = true,
  ): Promise<EntityCompliance> {
    const entityRef = stringifyEntityRef(entity);
    const systemRef = systemRefOf(entity);
    const system = systemRef ? await lookup(systemRef).catch(() => undefined) : undefined;
    const optIns = optedInFrameworks(entity, system, this.defaultFrameworks, id => !!this.catalogue.framework(id));
    const available = this.catalogue.frameworks.map(f => ({ id: f.id, title: f.title }));
    if (optIns.length === 0) return { entityRef, frameworks: [], available };

    const frameworks = optIns.map(o => ({ framework: this.catalogue.framework(o.framework)!, by: o.by }));
    const checks = [...new Map(frameworks.flatMap(f => f.framework.mapped.map(m => [m.check.id, m.check]))).values()];
    const stored = summary ?? (await this.store.getSummary(entityRef));
    const outcomes = await assessChecks({
      checks,
      catalogue: this.catalogue,
      store: this.store,
      now: this.now(),
      withEvidence,
      facts: {
        entityRef,
        toolsReported: new Set(stored.lastReports.map(r => r.tool.toLowerCase())),
        formatsReported: new Set(stored.lastReports.map(r => r.format)),
        components: stored.components,
        artifacts: async () => (await this.supplyChain.attestations(entity)).artifacts,
      },
    });
    return {
      entityRef,
      frameworks: frameworks.map(f => scoreFramework(f.framework, outcomes, f.by)),
      available,
    };
  }

  /** The scores without their requirements, for the entity summary. */
  async scores(entity: Entity, lookup: EntityLookup, summary: StoredSummary): Promise<FrameworkScoreSummary[]> {
    // the summary shows scores only: the failing evidence is not read
    const { frameworks } = await this.assess(entity, lookup, summary, false);
    return frameworks.map(({ requirements: _omitted, ...score }) => score);
  }

  /** Matchers of the checks a framework counts; an unknown framework is a bad request. */
  matchersFor(frameworkId: string): ControlMatcher[] {
    if (!this.catalogue.framework(frameworkId)) {
      throw new InputError(`Unknown framework '${frameworkId}'`);
    }
    return this.catalogue.matchersFor(frameworkId);
  }
}
