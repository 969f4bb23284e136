/**
 * The secure pipeline standard (rules R01–R28) for Backstage: a rule checker for GitHub
 * Actions, GitLab CI and Tekton repositories, its SARIF output, and scaffolder actions.
 *
 * @packageDocumentation
 */

export { scaffolderModuleSecurity as default } from './module';
export { checkRepository } from './checker';
export type {
  CheckOptions,
  CheckResult,
  CiSystem,
  RuleOutcome,
  RuleSeverity,
  RuleStatus,
  Violation,
} from './checker';
export { toSarif, SARIF_TOOL_NAME } from './sarif';
export type { SarifOptions } from './sarif';
export { STANDARD_VERSION, ANNOTATION_PIPELINE_STANDARD } from './standard';
export {
  createVerifyPipelineAction,
  PipelineStandardError,
} from './actions/verifyPipelineAction';
export { createRecordStandardAction } from './actions/recordStandardAction';
