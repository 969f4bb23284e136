import { RuleOutcome } from '../../src/checker';
import { Problem, TOOLS, ToolName, ValidationCache } from './problems';
import { checkWorkflows } from './tools/actionlint';
import { checkKubernetesSchemas } from './tools/kubernetes';
import { checkPodSecurity } from './tools/podSecurity';
import { checkPipelineRules } from './tools/ruleChecker';
import { checkSecrets } from './tools/secretlint';
import { checkShellBlocks } from './tools/shellcheck';
import { checkSyntax } from './tools/syntax';
import { RenderedTree } from './tools/tree';
import { checkYamllint } from './tools/yamllint';

export interface ValidateTreeOptions {
  /**
   * The template the tree was rendered from: the rule checker reads R21 (branch protection)
   * from its publish step.
   */
  templateFile?: string;
  /** Share tool results between trees, by a hash of each tool's input. */
  cache?: ValidationCache;
}

/** What every tool found, and how much each looked at. */
export interface TreeValidation {
  problems: Problem[];
  coverage: {
    files: number;
    yamlFiles: number;
    /** yamllint warnings (the relaxed configuration's style rules); not problems. */
    yamllintWarnings: number;
    workflows: number;
    shellBlocks: number;
    /** Scripts in another language than sh/bash, which shellcheck does not read. */
    scriptsInOtherLanguages: string[];
    kubernetesObjects: number;
    /** `apiVersion kind` of objects no schema package covers. */
    kindsWithoutSchema: string[];
    podSecurityControlsPassed: number;
    podSecurityControlsSkipped: string[];
    rules: RuleOutcome[];
    ruleWarnings: string[];
  };
}

/** The problems of one tool. */
export function problemsOf(
  validation: TreeValidation,
  tool: ToolName,
): Problem[] {
  return validation.problems.filter(p => p.tool === tool);
}

/**
 * Checks a rendered repository with every tool: syntax (nothing left unrendered, YAML and
 * JSON parse), actionlint, yamllint, shellcheck, Kubernetes schemas, Pod Security, secretlint
 * and the secure pipeline rule checker. A tool that is not installed is an error
 * ({@link ToolMissingError}), never a silent pass.
 */
export async function validateTree(
  dir: string,
  options: ValidateTreeOptions = {},
): Promise<TreeValidation> {
  const { cache, templateFile } = options;
  const tree = await RenderedTree.read(dir);
  const syntax = checkSyntax(tree);
  const podSecurity = checkPodSecurity(tree, cache);
  const [workflows, yamllint, shell, kubernetes, secrets, rules] =
    await Promise.all([
      checkWorkflows(tree, cache),
      checkYamllint(tree, cache),
      checkShellBlocks(tree, cache),
      checkKubernetesSchemas(tree, cache),
      checkSecrets(tree, cache),
      checkPipelineRules(tree, templateFile, cache),
    ]);
  const problems = [
    ...syntax,
    ...workflows.problems,
    ...yamllint.problems,
    ...shell.problems,
    ...kubernetes.problems,
    ...podSecurity.problems,
    ...secrets.problems,
    ...rules.problems,
  ].sort(
    (a, b) =>
      TOOLS.indexOf(a.tool) - TOOLS.indexOf(b.tool) ||
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0),
  );
  return {
    problems,
    coverage: {
      files: tree.files.length,
      yamlFiles: yamllint.files,
      yamllintWarnings: yamllint.warnings,
      workflows: workflows.workflows,
      shellBlocks: shell.blocks,
      scriptsInOtherLanguages: shell.otherLanguages,
      kubernetesObjects: kubernetes.objects,
      kindsWithoutSchema: kubernetes.unvalidated,
      podSecurityControlsPassed: podSecurity.passed.length,
      podSecurityControlsSkipped: podSecurity.skipped,
      rules: rules.rules,
      ruleWarnings: rules.warnings,
    },
  };
}
