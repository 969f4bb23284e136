import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_SIGNER_IDENTITY,
  ANNOTATION_SIGNER_ISSUER,
  IdentityPolicy,
} from '@devsecops/plugin-security-common';

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

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

/**
 * Who must have signed the entity's own artifacts: the entity's annotations win, then the
 * organisation's configuration, then GitHub Actions of the entity's repository. An entity
 * with none of them accepts any signer the trusted root vouches for, and says so.
 */
export function identityPolicyFor(
  entity: Entity | undefined,
  organisation: OrganisationIdentity | undefined,
): IdentityPolicy {
  const annotations = entity?.metadata.annotations ?? {};
  const slug = annotations[ANNOTATION_GITHUB_PROJECT_SLUG]?.trim();
  const issuer = annotations[ANNOTATION_SIGNER_ISSUER]?.trim();
  const subject = annotations[ANNOTATION_SIGNER_IDENTITY]?.trim();
  if (issuer || subject) {
    return { issuer, subjectPattern: subject, source: 'annotation' };
  }
  if (organisation?.issuer || organisation?.subjectPattern) {
    const pattern = organisation.subjectPattern;
    if (pattern?.includes('{projectSlug}') && !slug) {
      return { issuer: organisation.issuer, source: 'config' };
    }
    return {
      issuer: organisation.issuer,
      subjectPattern: slug && pattern ? pattern.replaceAll('{projectSlug}', escapeRegExp(slug)) : pattern,
      source: 'config',
    };
  }
  if (slug) {
    return {
      issuer: GITHUB_ACTIONS_ISSUER,
      subjectPattern: `^https://github\\.com/${escapeRegExp(slug)}/\\.github/workflows/.+$`,
      source: 'project-slug',
    };
  }
  return { source: 'none' };
}

/** Checks a signer against a policy; a message on mismatch, undefined when it holds. */
export function identityMismatch(
  policy: IdentityPolicy,
  signer: { identity?: string; issuer?: string },
): string | undefined {
  if (policy.issuer && signer.issuer !== policy.issuer) {
    return `issuer ${signer.issuer ?? '(none)'} is not the expected ${policy.issuer}`;
  }
  if (policy.subjectPattern) {
    let pattern: RegExp;
    try {
      pattern = anchored(policy.subjectPattern);
    } catch {
      return `the identity pattern ${policy.subjectPattern} is not a valid regular expression`;
    }
    if (!signer.identity || !pattern.test(signer.identity)) {
      return `signer ${signer.identity ?? '(none)'} does not match ${policy.subjectPattern}`;
    }
  }
  return undefined;
}

/** Patterns are whole-identity matches: a pattern must not be satisfiable by a substring. */
function anchored(source: string): RegExp {
  const body = source.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');
  return new RegExp(`^(?:${body})$`);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
