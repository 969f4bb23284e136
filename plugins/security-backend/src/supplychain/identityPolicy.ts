import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_SIGNER_IDENTITY,
  ANNOTATION_SIGNER_ISSUER,
  IdentityPolicy,
} from '@devsecops/plugin-security-common';

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
/** Longer patterns are refused: catalog files are editable by many, and regexes can be slow. */
const MAX_PATTERN_LENGTH = 512;

/** The organisation's expectation, from `security.supplyChain.identity`. */
export interface OrganisationIdentity {
  issuer?: string;
  /** May contain `{projectSlug}`, replaced by the entity's `github.com/project-slug`. */
  subjectPattern?: string;
}

export function readOrganisationIdentity(config: Config): OrganisationIdentity | undefined {
  const identity = config.getOptionalConfig('security.supplyChain.identity');
  if (!identity) return undefined;
  return {
    issuer: identity.getOptionalString('issuer'),
    subjectPattern: identity.getOptionalString('subjectPattern'),
  };
}

type Layer = { issuer?: string; subjectPattern?: string; source: IdentityPolicy['source'] };

/**
 * Who must have signed the entity's own artifacts. Each part (issuer, subject) comes from the
 * most specific place that sets it: the entity's annotations, then the organisation's
 * configuration, then GitHub Actions of the entity's repository. An entity with none of them
 * accepts any signer the trusted root vouches for, and says so.
 */
export function identityPolicyFor(
  entity: Entity | undefined,
  organisation: OrganisationIdentity | undefined,
): IdentityPolicy {
  const annotations = entity?.metadata.annotations ?? {};
  const slug = annotations[ANNOTATION_GITHUB_PROJECT_SLUG]?.trim();
  let unsatisfiable: string | undefined;
  let configPattern = organisation?.subjectPattern;
  if (configPattern?.includes('{projectSlug}')) {
    if (slug) {
      configPattern = configPattern.replaceAll('{projectSlug}', escapeRegExp(slug));
    } else {
      unsatisfiable = `the configured identity needs the entity's ${ANNOTATION_GITHUB_PROJECT_SLUG}`;
      configPattern = undefined;
    }
  }
  const layers: Layer[] = [
    {
      issuer: annotations[ANNOTATION_SIGNER_ISSUER]?.trim() || undefined,
      subjectPattern: annotations[ANNOTATION_SIGNER_IDENTITY]?.trim() || undefined,
      source: 'annotation',
    },
    { issuer: organisation?.issuer, subjectPattern: configPattern, source: 'config' },
    slug
      ? {
          issuer: GITHUB_ACTIONS_ISSUER,
          subjectPattern: `^https://github\\.com/${escapeRegExp(slug)}/\\.github/workflows/.+$`,
          source: 'project-slug',
        }
      : { source: 'project-slug' },
  ];
  const issuer = layers.find(l => l.issuer)?.issuer;
  const subjectPattern = layers.find(l => l.subjectPattern)?.subjectPattern;
  const source = layers.find(l => l.issuer || l.subjectPattern)?.source;
  if (!source && !unsatisfiable) return { source: 'none' };
  const policy: IdentityPolicy = { issuer, subjectPattern, source: source ?? 'config' };
  if (slug && issuer === GITHUB_ACTIONS_ISSUER && !annotations[ANNOTATION_SIGNER_IDENTITY]) {
    // a reusable workflow of this repository called from elsewhere has the same subject
    policy.sourceRepository = `https://github.com/${slug}`;
  }
  if (unsatisfiable && !subjectPattern) policy.unsatisfiable = unsatisfiable;
  return policy;
}

/** Checks a signer against a policy; a message on mismatch, undefined when it holds. */
export function identityMismatch(
  policy: IdentityPolicy,
  signer: { identity?: string; issuer?: string; sourceRepository?: string },
): string | undefined {
  if (policy.unsatisfiable) return policy.unsatisfiable;
  if (policy.issuer && signer.issuer !== policy.issuer) {
    return `issuer ${signer.issuer ?? '(none)'} is not the expected ${policy.issuer}`;
  }
  if (policy.subjectPattern) {
    const pattern = compile(policy.subjectPattern);
    if (typeof pattern === 'string') return pattern;
    const identity = signer.identity?.slice(0, 2048);
    if (!identity || !pattern.test(identity)) {
      return `signer ${signer.identity ?? '(none)'} does not match ${policy.subjectPattern}`;
    }
  }
  if (
    policy.sourceRepository &&
    signer.sourceRepository &&
    signer.sourceRepository.toLowerCase() !== policy.sourceRepository.toLowerCase()
  ) {
    return `the signing build ran for ${signer.sourceRepository}, not ${policy.sourceRepository}`;
  }
  return undefined;
}

/** Patterns are whole-identity matches: a pattern must not be satisfiable by a substring. */
function compile(source: string): RegExp | string {
  if (source.length > MAX_PATTERN_LENGTH) {
    return `the identity pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  }
  const body = source.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');
  try {
    return new RegExp(`^(?:${body})$`);
  } catch {
    return `the identity pattern ${source} is not a valid regular expression`;
  }
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
