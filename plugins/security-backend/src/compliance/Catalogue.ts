import { InputError } from '@backstage/errors';
import {
  CheckDefinition,
  ControlMatcher,
  FrameworkDefinition,
} from './catalogueSchema';

/** A check as it counts towards one framework. */
export interface MappedCheck {
  check: CheckDefinition;
  requirements: string[];
  citation: string;
}

export interface Framework extends Omit<FrameworkDefinition, 'requirements'> {
  requirements: Map<string, string>;
  mapped: MappedCheck[];
}

/**
 * The control catalogue: frameworks, checks, and which requirements each check speaks to. It
 * is built once at start-up and then only read; a mapping to an unknown framework or
 * requirement is refused then, so a typo cannot silently drop a control from a score.
 */
export class Catalogue {
  private readonly byFramework = new Map<string, Framework>();
  private readonly exact = new Map<string, string[]>();
  private readonly prefixes: Array<{ matcher: ControlMatcher; checkId: string }> = [];
  readonly checks: ReadonlyMap<string, CheckDefinition>;

  constructor(frameworks: FrameworkDefinition[], checks: CheckDefinition[]) {
    for (const f of mergeFrameworks(frameworks)) {
      this.byFramework.set(f.id, {
        ...f,
        requirements: new Map(f.requirements.map(r => [r.id, r.title])),
        mapped: [],
      });
    }
    const byId = new Map<string, CheckDefinition>();
    for (const check of checks) {
      // a later definition (from config) replaces a shipped one of the same id
      byId.set(check.id, check);
    }
    this.checks = byId;
    for (const check of byId.values()) this.index(check);
    this.deriveBaselines();
  }

  get frameworks(): Framework[] {
    return [...this.byFramework.values()];
  }

  framework(id: string): Framework | undefined {
    return this.byFramework.get(id);
  }

  /** The ids of checks a control result of `tool` with `controlId` belongs to. */
  checksForControl(tool: string, controlId: string): string[] {
    const found = [
      ...(this.exact.get(key(tool, controlId)) ?? []),
      ...(this.exact.get(key(undefined, controlId)) ?? []),
    ];
    for (const { matcher, checkId } of this.prefixes) {
      if (matchesSource(matcher, tool) && controlId.startsWith(matcher.controlId.slice(0, -1))) {
        found.push(checkId);
      }
    }
    return found;
  }

  /** Matchers of every control-result check that counts towards `frameworkId`. */
  matchersFor(frameworkId: string): ControlMatcher[] {
    return (this.byFramework.get(frameworkId)?.mapped ?? []).flatMap(m => m.check.match ?? []);
  }

  private index(check: CheckDefinition) {
    for (const matcher of check.match ?? []) {
      if (matcher.controlId.endsWith('*')) {
        this.prefixes.push({ matcher, checkId: check.id });
      } else {
        const k = key(matcher.source, matcher.controlId);
        this.exact.set(k, [...(this.exact.get(k) ?? []), check.id]);
      }
    }
    for (const mapping of check.maps) {
      const framework = this.byFramework.get(mapping.framework);
      if (!framework) {
        throw new InputError(`Check ${check.id} maps to unknown framework ${mapping.framework}`);
      }
      const unknown = mapping.requirements.filter(r => !framework.requirements.has(r));
      if (unknown.length > 0) {
        throw new InputError(
          `Check ${check.id} maps to requirements ${unknown.join(', ')} that ${framework.id} does not list`,
        );
      }
      framework.mapped.push({ check, requirements: mapping.requirements, citation: mapping.source });
    }
  }

  /** A baseline counts each check mapped to its parent framework's requirements it selects. */
  private deriveBaselines() {
    for (const baseline of this.byFramework.values()) {
      if (!baseline.baselineOf) continue;
      const parent = this.byFramework.get(baseline.baselineOf);
      if (!parent || parent.baselineOf) {
        throw new InputError(`Framework ${baseline.id} is a baseline of unknown framework ${baseline.baselineOf}`);
      }
      for (const m of parent.mapped) {
        const selected = m.requirements.filter(r => baseline.requirements.has(r));
        if (selected.length === 0) continue;
        const citation = baseline.source ? `${m.citation}; baseline: ${baseline.source}` : m.citation;
        baseline.mapped.push({ check: m.check, requirements: selected, citation });
      }
    }
  }
}

function key(source: string | undefined, controlId: string) {
  return `${source?.toLowerCase() ?? '*'}\u0000${controlId}`;
}

function matchesSource(matcher: ControlMatcher, tool: string) {
  return !matcher.source || matcher.source.toLowerCase() === tool.toLowerCase();
}

/** Frameworks of the same id (a shipped one extended from config) become one. */
function mergeFrameworks(frameworks: FrameworkDefinition[]): FrameworkDefinition[] {
  const merged = new Map<string, FrameworkDefinition>();
  for (const f of frameworks) {
    const known = merged.get(f.id);
    if (!known) {
      merged.set(f.id, { ...f, requirements: [...f.requirements] });
      continue;
    }
    const ids = new Set(known.requirements.map(r => r.id));
    merged.set(f.id, {
      ...known,
      ...f,
      requirements: [...known.requirements, ...f.requirements.filter(r => !ids.has(r.id))],
    });
  }
  return [...merged.values()];
}
