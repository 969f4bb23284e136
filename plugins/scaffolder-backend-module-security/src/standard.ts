/**
 * The version of the secure pipeline standard (rules R01–R28) this package checks. A
 * repository records the version it follows in its catalog-info.yaml annotation
 * {@link ANNOTATION_PIPELINE_STANDARD}; raise this when the rules change in a way that asks
 * existing repositories for more.
 *
 * @public
 */
export const STANDARD_VERSION = '1';

/**
 * The catalog-info.yaml annotation holding the standard version a repository follows.
 *
 * @public
 */
export const ANNOTATION_PIPELINE_STANDARD =
  'security.devsecops.io/pipeline-standard';
