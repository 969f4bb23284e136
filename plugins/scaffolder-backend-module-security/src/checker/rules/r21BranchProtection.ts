/**
 * R21: branch protection, checked on the software template's `publish:github` and
 * `publish:gitlab` steps (a generated repository cannot show how it was created).
 *
 * Every publish step's literal settings are checked, whatever its `if:` says: protection,
 * code-owner review, stale review dismissal, at least one approval, private/internal
 * visibility, and a non-empty `requiredStatusCheckContexts`. The template is one document;
 * a step meant for another CI choice is still part of it.
 *
 * Which jobs the status checks must name depends on the CI system the step runs for.
 * Templates offer a CI choice (a parameter whose `enum` values or `enumNames` name GitHub
 * Actions, GitLab CI or Tekton) and guard one publish step per choice with `if:`. For each
 * step the `if:` is evaluated for each CI system, knowing only that the CI parameter holds
 * one of that system's values (`model/templateCondition.ts`, three-valued): the step "can
 * run for" a system unless the condition is provably false for it. So
 * `ciSystem == 'tekton' and host == 'github.com'` can run for Tekton only; a condition that
 * does not mention the CI parameter, or cannot be read, can run for every system.
 *
 * - A `publish:github` step that can run for GitHub Actions must name the security jobs of
 *   the checked tree's GitHub workflows (by their status check names), when it has any.
 * - Any other `publish:github` step (e.g. Pipelines as Code on GitHub, whose checks are named
 *   after PipelineRuns and template parameters), or one checked without GitHub workflows in
 *   the tree, must name checks for SAST, dependency gate, secret scan, IaC scan and image
 *   scan, recognised by their names.
 */
import {
  dependencyGate,
  iacScans,
  imageScanGate,
  sastEvidence,
  secretScanEvidence,
} from '../detect/scanners';
import { Repository, TemplateSource } from '../model/Repository';
import { ciParameter, stepCiSystems } from '../model/templateCiSystems';
import {
  YMap,
  YNode,
  asMap,
  get,
  items,
  str,
  strings,
} from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { scorecard } from './support';

const EXPRESSION = /\$\{\{/;

/** The security jobs status checks must name, by what they do. */
const CATEGORIES: Array<{ label: string; keywords: RegExp }> = [
  { label: 'SAST', keywords: /codeql|semgrep|sast/i },
  { label: 'dependency gate', keywords: /depend|vuln|osv|audit/i },
  { label: 'secret scan', keywords: /secret|gitleaks|trufflehog/i },
  { label: 'IaC scan', keywords: /iac|config|checkov|kics|hadolint|manifest/i },
  { label: 'image scan', keywords: /image|container|trivy|grype/i },
];

export function findTemplate(
  template: TemplateSource | undefined,
): YMap | undefined {
  return template?.file.documents
    .map(asMap)
    .find(
      d =>
        str(get(d, 'apiVersion')) === 'scaffolder.backstage.io/v1beta3' &&
        str(get(d, 'kind')) === 'Template',
    );
}

/** The names of the security jobs in the checked tree, as status checks show them. */
function securityJobNames(repo: Repository): Map<string, string[]> {
  const names = new Map<string, string[]>();
  const add = (label: string, name: string) =>
    names.set(label, [...(names.get(label) ?? []), name]);
  for (const job of repo.jobs('github')) {
    if (sastEvidence(job)) add('SAST', job.name);
    if (dependencyGate(job)) add('dependency gate', job.name);
    if (secretScanEvidence(job, [])) add('secret scan', job.name);
    if (iacScans(job).length > 0) add('IaC scan', job.name);
    if (imageScanGate(job)) add('image scan', job.name);
  }
  return names;
}

function literal(node: YNode | undefined): {
  value?: string;
  expression: boolean;
} {
  const value = str(node);
  return { value, expression: value !== undefined && EXPRESSION.test(value) };
}

function githubStep(
  repo: Repository,
  file: string,
  step: YNode,
  input: YMap | undefined,
  forGithubActions: boolean,
): Finding[] {
  const findings: Finding[] = [];
  const at = (node: YNode | undefined) => ({
    file,
    line: node?.line ?? step.line,
  });
  const expectTrue = (key: string, defaultValue: boolean, what: string) => {
    const node = get(input, key);
    const { value, expression } = literal(node);
    if (expression) {
      findings.push({
        ...at(node),
        message: `\`${key}\` is a template expression, so a form field can turn off ${what}. Set it to \`true\` literally.`,
      });
    } else if ((value ?? String(defaultValue)) !== 'true') {
      findings.push({
        ...at(node),
        message: `\`publish:github\` ${
          value === undefined ? 'leaves out' : 'sets'
        } \`${key}\`${
          value === undefined ? ` (default ${defaultValue})` : `: ${value}`
        }; set \`${key}: true\` to require ${what}.`,
      });
    }
  };
  expectTrue('protectDefaultBranch', true, 'branch protection');
  expectTrue('requireCodeOwnerReviews', false, 'code-owner review');
  expectTrue('dismissStaleReviews', false, 'fresh approval after new commits');

  const countNode = get(input, 'requiredApprovingReviewCount');
  const count = literal(countNode);
  if (count.expression || Number(count.value ?? '1') < 1) {
    findings.push({
      ...at(countNode),
      message:
        '`requiredApprovingReviewCount` must be a literal of at least 1.',
    });
  }
  const visibilityNode = get(input, 'repoVisibility');
  const visibility = literal(visibilityNode);
  if (
    visibility.expression ||
    !['private', 'internal'].includes(visibility.value ?? 'private')
  ) {
    findings.push({
      ...at(visibilityNode),
      message: `\`repoVisibility\` is ${
        visibility.value ?? ''
      }; new repositories must be \`private\` or \`internal\`.`,
    });
  }

  const contextsNode = get(input, 'requiredStatusCheckContexts');
  const contexts = strings(contextsNode);
  if (contexts.length === 0) {
    findings.push({
      ...at(contextsNode),
      message:
        '`requiredStatusCheckContexts` is empty, so a pull request can merge with failing security jobs. List the SAST, dependency, secret, IaC and image scan jobs.',
    });
    return findings;
  }
  // Only a step that can run for GitHub Actions must name the tree's workflow jobs; the
  // others (Pipelines as Code on GitHub...) are judged by what their checks are called.
  const jobs = forGithubActions
    ? securityJobNames(repo)
    : new Map<string, string[]>();
  const missing =
    jobs.size > 0
      ? [...jobs]
          .filter(([, names]) => !names.some(n => contexts.includes(n)))
          .map(([label, names]) => `${label} (\`${names[0]}\`)`)
      : CATEGORIES.filter(c => !contexts.some(ctx => c.keywords.test(ctx))).map(
          c => c.label,
        );
  if (missing.length > 0) {
    findings.push({
      ...at(contextsNode),
      message: `\`requiredStatusCheckContexts\` does not name the ${missing.join(
        ', ',
      )} job${missing.length > 1 ? 's' : ''}.`,
    });
  }
  return findings;
}

function gitlabStep(
  file: string,
  step: YNode,
  input: YMap | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const at = (node: YNode | undefined) => ({
    file,
    line: node?.line ?? step.line,
  });
  const visibilityNode =
    get(input, 'settings', 'visibility') ?? get(input, 'repoVisibility');
  const visibility = literal(visibilityNode);
  if (
    visibility.expression ||
    !['private', 'internal'].includes(visibility.value ?? 'private')
  ) {
    findings.push({
      ...at(visibilityNode),
      message:
        'The project must be created `private` or `internal` (`settings.visibility`).',
    });
  }
  const defaultBranch = str(get(input, 'defaultBranch')) ?? 'master';
  const protectedBranch = items(get(input, 'branches')).find(
    b =>
      str(get(b, 'name')) === defaultBranch &&
      str(get(b, 'protect')) === 'true',
  );
  if (!protectedBranch) {
    findings.push({
      ...at(get(input, 'branches')),
      message: `\`publish:gitlab\` does not protect the default branch: add \`branches: [{ name: ${defaultBranch}, protect: true }]\`.`,
    });
  }
  const succeeds = get(
    input,
    'settings',
    'only_allow_merge_if_pipeline_succeeds',
  );
  if (str(succeeds) !== 'true') {
    findings.push({
      ...at(succeeds),
      message:
        'Set `settings.only_allow_merge_if_pipeline_succeeds: true` so merge requests cannot merge past failing security jobs.',
    });
  }
  return findings;
}

export const r21 = defineRule({
  id: 'R21',
  title: 'Branch protection with required reviews and security status checks',
  description:
    "Repository created with branch protection: required reviews, code-owner review, stale review dismissal, required status checks naming the security jobs, private/internal visibility. Checked on the software template's `publish:github`/`publish:gitlab` step; a generated repository cannot show it.",
  helpUri: scorecard('Branch-Protection'),
  severity: 'high',
  notApplicable: repo =>
    findTemplate(repo.template)
      ? undefined
      : 'Branch protection is set when the repository is created: it can only be checked on the software template (template.yaml), which this tree does not contain',
  note: repo =>
    items(get(findTemplate(repo.template), 'spec', 'steps')).some(
      s => str(get(s, 'action')) === 'publish:gitlab',
    )
      ? '`publish:gitlab` cannot require approvals or code-owner approval; set them with approval rules on the group or project'
      : undefined,
  check: repo => {
    const template = findTemplate(repo.template);
    if (!template || !repo.template) return [];
    const file = repo.template.path;
    const steps = items(get(template, 'spec', 'steps'));
    const publish = steps.filter(s =>
      /^publish:(github|gitlab)$/.test(str(get(s, 'action')) ?? ''),
    );
    if (publish.length === 0) {
      return [
        {
          file,
          line: get(template, 'spec', 'steps')?.line,
          message:
            'The template has no `publish:github` or `publish:gitlab` step, so nothing sets up branch protection.',
        },
      ];
    }
    const parameter = ciParameter(template);
    return publish.flatMap(step => {
      const input = asMap(get(step, 'input'));
      return str(get(step, 'action')) === 'publish:github'
        ? githubStep(
            repo,
            file,
            step,
            input,
            stepCiSystems(step, parameter).includes('github'),
          )
        : gitlabStep(file, step, input);
    });
  },
});
