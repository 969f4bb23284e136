/** Artifacts the entity ships, comma or newline separated: `image@sha256:…`, `pkg:npm/…`. */
export const ANNOTATION_ARTIFACTS = 'security.devsecops.io/artifacts';
/** The OIDC issuer every signature on the entity's artifacts must come from. */
export const ANNOTATION_SIGNER_ISSUER = 'security.devsecops.io/signer-issuer';
/** A regular expression the signing certificate's subject alternative name must match. */
export const ANNOTATION_SIGNER_IDENTITY = 'security.devsecops.io/signer-identity';
/** Backstage's GitHub annotation, from which the default signer identity is derived. */
export const ANNOTATION_GITHUB_PROJECT_SLUG = 'github.com/project-slug';
/**
 * Compliance frameworks the entity answers to, comma separated catalogue ids (`pci-dss-4.0`,
 * `hipaa`, `nist-800-53-r5`, `fedramp-moderate`, `cis-kubernetes`). Components inherit their
 * system's.
 */
export const ANNOTATION_COMPLIANCE_FRAMEWORKS = 'security.devsecops.io/compliance-frameworks';
/**
 * Kubernetes manifests of the entity, relative to its source location: files, or folders
 * ending in `/` (comma separated; default `deploy/`). The portal reads them through its URL
 * readers to evaluate pod security and segmentation.
 */
export const ANNOTATION_MANIFESTS = 'security.devsecops.io/manifests';
