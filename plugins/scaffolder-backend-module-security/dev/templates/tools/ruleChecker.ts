import { promises as fs } from 'node:fs';
import { RuleOutcome, checkRepository } from '../../../src/checker';
import { Problem, ValidationCache, sha256 } from '../problems';
import { RenderedTree } from './tree';

export interface RuleCheckResult {
  problems: Problem[];
  rules: RuleOutcome[];
  warnings: string[];
}

/**
 * The secure pipeline rule checker (R01–R28) on the repository. Branch protection (R21) is
 * set by the template's publish step, not by a file of the repository: the template is
 * passed so that R21 is checked too.
 */
export async function checkPipelineRules(
  tree: RenderedTree,
  templateFile: string | undefined,
  cache?: ValidationCache,
): Promise<RuleCheckResult> {
  const template = templateFile ? await fs.readFile(templateFile) : '';
  const key = sha256(
    'rules',
    templateFile ?? '',
    template,
    ...tree.files.flatMap(f => [f.path, f.content]),
  );
  const cached = cache?.get(key) as RuleCheckResult | undefined;
  if (cached) return cached;

  const result = await checkRepository(tree.root, { templateFile });
  const checked: RuleCheckResult = {
    problems: result.violations.map(v => ({
      tool: 'rules',
      file: v.file,
      line: v.line,
      message: `${v.ruleId} (${v.severity}${v.ci ? `, ${v.ci}` : ''}): ${
        v.message
      }`,
    })),
    rules: result.rules,
    warnings: result.warnings,
  };
  cache?.set(key, checked);
  return checked;
}
