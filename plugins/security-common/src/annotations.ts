/** Artifacts the entity ships, comma or newline separated: `image@sha256:…`, `pkg:npm/…`. */
export const ANNOTATION_ARTIFACTS = 'security.devsecops.io/artifacts';
/** The OIDC issuer every signature on the entity's artifacts must come from. */
export const ANNOTATION_SIGNER_ISSUER = 'security.devsecops.io/signer-issuer';
/** A regular expression the signing certificate's subject alternative name must match. */
export const ANNOTATION_SIGNER_IDENTITY = 'security.devsecops.io/signer-identity';
/** Backstage's GitHub annotation, from which the default signer identity is derived. */
export const ANNOTATION_GITHUB_PROJECT_SLUG = 'github.com/project-slug';
