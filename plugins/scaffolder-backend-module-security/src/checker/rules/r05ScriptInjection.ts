import { scriptItems } from '../model/gitlab';
import {
  commandLines,
  scriptFromScalar,
  splitCommands,
  words,
} from '../model/shell';
import {
  YScalar,
  asScalar,
  get,
  items,
  lineWithin,
  str,
} from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { needsCi, perCi } from './support';

/** Event fields an outside contributor controls (GitHub Security Lab's list, and refs). */
const UNTRUSTED_GITHUB = new RegExp(
  [
    String.raw`github\.event\.(issue|pull_request|discussion)\.(title|body)`,
    String.raw`github\.event\.(comment|review|review_comment)\.body`,
    String.raw`github\.event\.pages(\.\*|\[\d+\])?\.page_name`,
    String.raw`github\.event\.(commits(\.\*|\[\d+\])?|head_commit)\.(message|author\.(email|name))`,
    String.raw`github\.event\.pull_request\.head\.(ref|label|repo\.default_branch)`,
    String.raw`github\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(email|name))|pull_requests(\.\*|\[\d+\])?\.head\.ref)`,
    String.raw`github\.head_ref`,
    // Whole objects that hold the fields above, e.g. toJSON(github.event).
    String.raw`github\.event(\.(pull_request|issue|comment|review|review_comment|discussion|head_commit|commits|pages|workflow_run))?(?![.\w[])`,
  ].join('|'),
);

function githubExpressions(
  scalar: YScalar,
  file: string,
  where: string,
): Finding[] {
  const text = str(scalar) ?? '';
  const raw = scalar.source.text.slice(scalar.range[0], scalar.range[1]);
  const findings: Finding[] = [];
  let cursor = 0;
  for (const m of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    const at = raw.indexOf(m[0], cursor);
    if (at >= 0) cursor = at + m[0].length;
    const untrusted = UNTRUSTED_GITHUB.exec(m[1]);
    if (!untrusted) continue;
    const expression = m[0].trim();
    findings.push({
      file,
      line: at >= 0 ? scalar.source.lineAt(scalar.range[0] + at) : scalar.line,
      message: `\`${expression}\` is pasted into the ${where} before it runs, so a crafted value of \`${untrusted[0]}\` becomes code. Pass it through \`env:\` (e.g. \`VALUE: ${expression}\`) and use \`"$VALUE"\` in the script.`,
    });
  }
  return findings;
}

/** GitLab variables whose values come from whoever pushes a branch or opens a merge request. */
const UNTRUSTED_GITLAB =
  /\$\{?(CI_MERGE_REQUEST_TITLE|CI_MERGE_REQUEST_DESCRIPTION|CI_COMMIT_MESSAGE|CI_COMMIT_TITLE|CI_COMMIT_DESCRIPTION|CI_COMMIT_TAG_MESSAGE|CI_COMMIT_AUTHOR|CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME|CI_MERGE_REQUEST_SOURCE_BRANCH_NAME|CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME)\b\}?/;

/** Whether the character at `index` sits inside double quotes (single quotes do not expand). */
function quotedAt(
  line: string,
  index: number,
): 'double' | 'single' | undefined {
  let quote: string | undefined;
  for (let i = 0; i < index; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
  }
  if (quote === '"') return 'double';
  return quote === "'" ? 'single' : undefined;
}

function gitlabLine(text: string): string | undefined {
  for (const command of splitCommands(text, false)) {
    const match = UNTRUSTED_GITLAB.exec(command);
    if (!match) continue;
    const w = words(command);
    const reEvaluated =
      w[0] === 'eval' ||
      w.some(
        (x, i) => x === '-c' && /(^|\/)(ba|z|da)?sh$/.test(w[i - 1] ?? ''),
      );
    const quoting = quotedAt(command, match.index);
    if (quoting === 'single') continue;
    if (reEvaluated) {
      return `\`${match[0]}\` is evaluated again as shell code by \`${w[0]}\`; a branch name or commit message can run commands. Pass the value as an argument (\`"$${match[1]}"\`) instead.`;
    }
    if (!quoting) {
      return `\`${match[0]}\` is used unquoted: a crafted branch name or message is split into words and can inject options or globs. Quote it: \`"$${match[1]}"\`.`;
    }
  }
  return undefined;
}

/** Pipelines-as-Code placeholders filled with data from the event sender. */
const UNTRUSTED_PAC =
  /\{\{\s*(source_branch|trigger_comment|pull_request_title|event_title|git_commit_message|git_commit_title|body\.[\w.[\]]+|headers\.[\w.[\]-]+)\s*\}\}/;

export const r05 = defineRule({
  id: 'R05',
  title: 'No untrusted event data interpolated into run scripts',
  description:
    'No `github.event.*` titles/bodies/refs or `github.head_ref` interpolated inside `run:`; pass through `env:`. GitLab: merge request and commit text only quoted, never re-evaluated. Tekton: no sender-controlled Pipelines-as-Code placeholders in scripts, and parameters reach scripts through `env`.',
  helpUri:
    'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections',
  severity: 'critical',
  notApplicable: needsCi,
  check: repo =>
    perCi(repo, ci => {
      if (ci === 'github') {
        return repo.githubWorkflows.flatMap(w =>
          w.jobs.flatMap(j =>
            j.steps.flatMap(s => {
              const findings = s.run
                ? githubExpressions(s.run, w.file, '`run:` script')
                : [];
              const script = asScalar(get(s.with, 'script'));
              if (
                script &&
                /^actions\/github-script@/i.test(str(s.uses) ?? '')
              ) {
                findings.push(
                  ...githubExpressions(script, w.file, '`github-script` code'),
                );
              }
              return findings;
            }),
          ),
        );
      }
      if (ci === 'gitlab') {
        return (repo.gitlab?.jobs ?? []).flatMap(job =>
          ['before_script', 'script', 'after_script'].flatMap(section =>
            scriptItems(get(job.config, section)).flatMap(item =>
              commandLines(scriptFromScalar(item)).flatMap(line => {
                const message = gitlabLine(line.text);
                return message
                  ? [{ file: item.source.path, line: line.line, message }]
                  : [];
              }),
            ),
          ),
        );
      }
      return tektonFindings(repo.tekton.objects.map(o => o.node));
    }),
});

function tektonFindings(roots: Array<ReturnType<typeof get>>): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<YScalar>();
  const visitStep = (step: ReturnType<typeof get>) => {
    const scalars = [
      asScalar(get(step, 'script')),
      ...items(get(step, 'args')).map(asScalar),
      ...items(get(step, 'command')).map(asScalar),
    ].filter((s): s is YScalar => s !== undefined && !seen.has(s));
    for (const scalar of scalars) {
      seen.add(scalar);
      const text = str(scalar) ?? '';
      const pac = UNTRUSTED_PAC.exec(text);
      if (pac) {
        findings.push({
          file: scalar.source.path,
          line: lineWithin(scalar, pac[0]),
          message: `\`${pac[0]}\` is filled in by Pipelines-as-Code from the event sender's data before the step runs, so it becomes code. Pass it as a PipelineRun param and read it from an \`env\` variable.`,
        });
      }
      const isScript = scalar === asScalar(get(step, 'script'));
      const param = isScript
        ? /\$\(params\.([\w.-]+|\[['"][^'"]+['"]\])\)/.exec(text)
        : null;
      if (param) {
        findings.push({
          file: scalar.source.path,
          line: lineWithin(scalar, param[0]),
          message: `\`${param[0]}\` is substituted into the script text before it runs, so a parameter value becomes code. Map it to an env var (\`env: [{ name: VALUE, value: "${param[0]}" }]\`) and use \`"$VALUE"\`.`,
        });
      }
    }
  };
  const walk = (node: ReturnType<typeof get>, depth: number) => {
    if (!node || depth > 30) return;
    if (node.kind === 'seq') node.items.forEach(i => walk(i, depth + 1));
    if (node.kind !== 'map') return;
    for (const e of node.entries) {
      if (e.key === 'steps' || e.key === 'sidecars')
        items(e.value).forEach(visitStep);
      else if (e.key === 'stepTemplate') visitStep(e.value);
      else walk(e.value, depth + 1);
    }
  };
  roots.forEach(r => walk(r, 0));
  return findings;
}
