import { commandsOf, gitSubcommand, subcommand } from '../detect/commands';
import {
  cosignSignings,
  imagePush,
  provenance,
  sbomAttestation,
} from '../detect/supplyChain';
import { codeScanningUploads } from '../detect/uploads';
import { CiJob, actionName } from '../model/ciJob';
import { GhJob, GhWorkflow, localWorkflowPath } from '../model/github';
import { scriptItems } from '../model/gitlab';
import { Repository } from '../model/Repository';
import { entries, entry, get, str } from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { onlyFor, scorecard } from './support';

/** Actions that exchange the job's OIDC token for cloud or vault credentials. */
const OIDC_LOGIN =
  /^(aws-actions\/configure-aws-credentials|google-github-actions\/auth|azure\/login|hashicorp\/vault-action)$/;
const RELEASE =
  /^(softprops\/action-gh-release|ncipollo\/release-action|changesets\/action|googleapis\/release-please-action|cycjimmy\/semantic-release-action)$/;
const PR_WRITERS =
  /^(marocchino\/sticky-pull-request-comment|peter-evans\/create-pull-request|peter-evans\/create-or-update-comment|actions\/github-script)$/;
const CHECK_WRITERS =
  /^(dorny\/test-reporter|mikepenz\/action-junit-report|enricomi\/publish-unit-test-result-action)$/;

/** The write scopes a GitHub job's steps need, with the reason for each. */
function neededScopes(job: CiJob): Map<string, string> {
  const needs = new Map<string, string>();
  const need = (scope: string, why: string) => {
    if (!needs.has(scope)) needs.set(scope, why);
  };
  const actions = job.steps.map(s => actionName(s.uses) ?? '');
  const commands = commandsOf(job);
  const signs = cosignSignings(job, undefined).length > 0;
  const attests =
    actions.some(a => a.startsWith('actions/attest')) ||
    commands.some(c => c.program === 'cosign' && subcommand(c) === 'attest') ||
    sbomAttestation(job) !== undefined;
  if (signs || attests || provenance(job)) need('id-token', 'signs or attests');
  if (actions.some(a => OIDC_LOGIN.test(a)))
    need('id-token', 'logs in with OIDC');
  if (actions.some(a => a.startsWith('actions/attest')))
    need('attestations', 'stores attestations');
  if (imagePush(job) || signs || attests)
    need('packages', 'pushes to the registry');
  if (
    codeScanningUploads(job).length > 0 ||
    actions.includes('github/codeql-action/analyze')
  ) {
    need('security-events', 'uploads SARIF');
  }
  if (
    actions.some(a => RELEASE.test(a)) ||
    commands.some(
      c =>
        (c.program === 'gh' && subcommand(c) === 'release') ||
        (c.program === 'git' && gitSubcommand(c) === 'push') ||
        c.program === 'semantic-release',
    )
  ) {
    need('contents', 'publishes a release or pushes commits');
  }
  if (
    actions.some(
      a => PR_WRITERS.test(a) || a === 'actions/dependency-review-action',
    ) ||
    commands.some(c => c.program === 'gh' && subcommand(c) === 'pr')
  ) {
    need('pull-requests', 'comments on pull requests');
  }
  if (
    actions.includes('actions/github-script') ||
    commands.some(c => c.program === 'gh' && subcommand(c) === 'issue')
  ) {
    need('issues', 'writes issues');
  }
  if (actions.some(a => CHECK_WRITERS.test(a)))
    need('checks', 'publishes check runs');
  if (job.environment) {
    need('deployments', 'deploys to an environment');
    need('statuses', 'deploys to an environment');
  }
  if (actions.includes('actions/deploy-pages')) {
    need('pages', 'deploys GitHub Pages');
    need('id-token', 'deploys GitHub Pages');
  }
  return needs;
}

/** The write scopes declared anywhere in a reusable workflow (what a caller must grant). */
function declaredWrites(workflow: GhWorkflow | undefined): Set<string> {
  const scopes = new Set<string>();
  if (!workflow) return scopes;
  const add = (node: ReturnType<typeof get>) => {
    if (str(node) === 'write-all') scopes.add('*');
    for (const e of entries(node))
      if (str(e.value) === 'write') scopes.add(e.key);
  };
  add(workflow.permissions?.value);
  for (const job of workflow.jobs) add(job.permissions?.value);
  return scopes;
}

/** The SLSA container generator's documented needs. */
const SLSA_GENERATOR_SCOPES = new Set(['id-token', 'packages', 'actions']);

function githubFindings(repo: Repository): Finding[] {
  const jobs = repo.jobs('github');
  const workflows = new Map(repo.githubWorkflows.map(w => [w.file, w]));
  const findings: Finding[] = [];
  for (const workflow of repo.githubWorkflows) {
    for (const gh of workflow.jobs) {
      const permissions = gh.permissions;
      if (!permissions) continue;
      const job = jobs.find(j => j.file === workflow.file && j.id === gh.id)!;
      if (str(permissions.value) === 'write-all') {
        findings.push({
          file: workflow.file,
          line: permissions.keyLine,
          message: `Job \`${gh.id}\` asks for \`write-all\`. List only the write scopes its steps need.`,
        });
        continue;
      }
      findings.push(...scopeFindings(workflow, gh, job, workflows));
    }
  }
  return findings;
}

function scopeFindings(
  workflow: GhWorkflow,
  gh: GhJob,
  job: CiJob,
  workflows: Map<string, GhWorkflow>,
): Finding[] {
  const callee = localWorkflowPath(str(gh.uses));
  const uses = (str(gh.uses) ?? '').toLowerCase();
  let allowed: (scope: string) => string | undefined;
  if (callee) {
    const granted = declaredWrites(workflows.get(callee));
    allowed = scope =>
      granted.has(scope) || granted.has('*') ? 'called workflow' : undefined;
  } else if (uses.startsWith('slsa-framework/slsa-github-generator/')) {
    allowed = scope =>
      SLSA_GENERATOR_SCOPES.has(scope) ? 'SLSA generator' : undefined;
  } else {
    const needs = neededScopes(job);
    allowed = scope => needs.get(scope);
  }
  return entries(gh.permissions?.value)
    .filter(e => str(e.value) === 'write' && !allowed(e.key))
    .map(e => ({
      file: workflow.file,
      line: e.keyLine,
      message: `Job \`${gh.id}\` has \`${e.key}: write\` but none of its steps needs it. Remove it; write scopes belong only to the jobs that sign/attest (\`id-token\`, \`attestations\`), push (\`packages\`) or upload SARIF (\`security-events\`).`,
    }));
}

function gitlabFindings(repo: Repository): Finding[] {
  const pipeline = repo.gitlab;
  if (!pipeline) return [];
  const jobs = repo.jobs('gitlab');
  return pipeline.jobs.flatMap((gl): Finding[] => {
    const tokens = entry(gl.config, 'id_tokens');
    if (!tokens) return [];
    const job = jobs.find(j => j.id === gl.name)!;
    const commands = commandsOf(job);
    const needsToken =
      cosignSignings(job, undefined).length > 0 ||
      sbomAttestation(job) !== undefined ||
      provenance(job) !== undefined ||
      commands.some(
        c => c.program === 'cosign' && subcommand(c) === 'attest',
      ) ||
      get(gl.config, 'secrets') !== undefined ||
      commands.some(c =>
        /assume-role-with-web-identity|auth\/jwt\/login|--cred-file|federated-token/.test(
          c.text,
        ),
      );
    // A job that only verifies signatures does not need a token of its own.
    const onlyScripts = scriptItems(get(gl.config, 'script')).length > 0;
    return needsToken || !onlyScripts
      ? []
      : [
          {
            file: tokens.value.source.path,
            line: tokens.keyLine,
            message: `Job \`${gl.name}\` gets an OIDC token (\`id_tokens\`) but neither signs, attests nor logs in with it. Remove \`id_tokens\` from this job.`,
          },
        ];
  });
}

export const r02 = defineRule({
  id: 'R02',
  title: 'Write token scopes only on the jobs that need them',
  description:
    'Write scopes only at job level and only where needed: `id-token`/`attestations` in sign/attest jobs, `packages` in the push job, `security-events` in SARIF-upload jobs. GitLab: `id_tokens` only on jobs that sign, attest or log in with OIDC.',
  helpUri: scorecard('Token-Permissions'),
  severity: 'high',
  notApplicable: onlyFor(
    ['github', 'gitlab'],
    'Tekton has no per-task token scopes; its least privilege is the service account checked by R01',
  ),
  check: repo => [
    ...githubFindings(repo).map(f => ({ ci: 'github' as const, ...f })),
    ...gitlabFindings(repo).map(f => ({ ci: 'gitlab' as const, ...f })),
  ],
});
