import { InputError } from '@backstage/errors';
import { promises as fs, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The harness is in dev/ (its tools are devDependencies); jest only finds tests under src/.
import {
  ToolName,
  ValidationCache,
  formatProblem,
} from '../../dev/templates/problems';
import { renderTemplate } from '../../dev/templates/renderTemplate';
import { runServiceTests } from '../../dev/templates/runServiceTests';
import { ToolMissingError } from '../../dev/templates/tools/runCommand';
import {
  TreeValidation,
  problemsOf,
  validateTree,
} from '../../dev/templates/validateTree';
import {
  TemplateVariant,
  listTemplates,
  templateVariants,
} from '../../dev/templates/variants';

const workDir = mkdtempSync(join(tmpdir(), 'templates-test-'));
afterAll(() => fs.rm(workDir, { recursive: true, force: true }));

/** Shared by every variant: a file that is the same in two variants is checked once. */
const cache = new ValidationCache();

/** Kinds no schema package covers: Tekton's and its operator's CRDs. Nothing else. */
const TEKTON_KINDS = [
  'operator.tekton.dev/v1alpha1 TektonConfig',
  'pipelinesascode.tekton.dev/v1alpha1 Repository',
  'tekton.dev/v1 Pipeline',
  'tekton.dev/v1 PipelineRun',
  'tekton.dev/v1 Task',
];

function outDir(...parts: string[]): string {
  return join(workDir, ...parts.map(p => p.replace(/[^a-zA-Z0-9.-]+/g, '_')));
}

async function render(
  variant: TemplateVariant,
  dir = outDir(variant.template, variant.id),
) {
  return renderTemplate({
    templateFile: variant.templateFile,
    parameters: variant.parameters,
    outputDir: dir,
  });
}

const templates = listTemplates();

it('finds the repository templates', () => {
  expect(templates).toEqual(['node-service', 'python-service']);
});

describe.each(templates)('%s', template => {
  const variants = templateVariants(template);

  it('has a variant for every combination the form allows', () => {
    const ci = new Set(
      variants.map(
        v =>
          `${v.parameters.ciSystem}@${
            String(v.parameters.repoUrl).split('?')[0]
          }`,
      ),
    );
    // GitHub Actions only on github.com, GitLab CI only on gitlab.com, Tekton on both.
    expect([...ci]).toEqual([
      'github-actions@github.com',
      'gitlab-ci@gitlab.com',
      'tekton@github.com',
      'tekton@gitlab.com',
    ]);
    // × 4 compliance profiles × 2 service mesh choices; every severity threshold is used.
    expect(variants).toHaveLength(32);
    expect(new Set(variants.map(v => v.parameters.severityThreshold))).toEqual(
      new Set(['CRITICAL', 'HIGH', 'MEDIUM']),
    );
    expect(new Set(variants.map(v => v.parameters.imageName))).toEqual(
      new Set([undefined, 'platform/payments-api']),
    );
  });

  it.each(variants.map(v => [v.id, v] as const))(
    '%s renders and passes every tool',
    async (_id, variant) => {
      const rendered = await render(variant);
      const repoUrl = String(variant.parameters.repoUrl);
      const [host, query] = repoUrl.split('?');
      const repo = new URLSearchParams(query).get('repo');
      expect(rendered.calls.map(c => c.action)).toEqual([
        'security:pipeline:verify',
        host === 'github.com' ? 'publish:github' : 'publish:gitlab',
        'catalog:register',
      ]);
      // What would be created, as the publish step received it (after templating): private,
      // with the default branch protected.
      const published = rendered.calls[1].input;
      expect(published).toMatchObject(
        host === 'github.com'
          ? {
              repoUrl,
              repoVisibility: 'private',
              protectDefaultBranch: true,
              requireCodeOwnerReviews: true,
            }
          : {
              repoUrl,
              settings: { visibility: 'private' },
              branches: [{ name: 'main', protect: true }],
            },
      );
      expect(rendered.output.links).toEqual([
        { title: 'Repository', url: `https://${host}/Acme/${repo}` },
        {
          title: 'Open in the catalog',
          icon: 'catalog',
          entityRef: 'component:default/payments-api',
        },
      ]);

      const validation = await validateTree(rendered.outputDir, {
        templateFile: variant.templateFile,
        cache,
      });
      expect(validation.problems.map(formatProblem)).toEqual([]);

      const { coverage } = validation;
      expect(coverage.shellBlocks).toBeGreaterThan(5);
      expect(coverage.scriptsInOtherLanguages).toEqual([]);
      expect(coverage.kubernetesObjects).toBeGreaterThanOrEqual(6);
      expect(coverage.podSecurityControlsPassed).toBeGreaterThan(20);
      expect(coverage.workflows).toBe(
        variant.parameters.ciSystem === 'github-actions' ? 3 : 0,
      );
      expect(coverage.kindsWithoutSchema).toEqual(
        variant.parameters.ciSystem === 'tekton' ? TEKTON_KINDS : [],
      );
      // R21 is checked against the template's publish step, not skipped.
      expect(coverage.rules.find(r => r.id === 'R21')?.status).toBe('passed');
    },
    60_000,
  );

  it("passes the rendered service's own unit tests", async () => {
    const rendered = await render(
      variants[0],
      outDir(template, 'service-tests'),
    );
    const result = await runServiceTests(rendered.outputDir);
    // On failure, jest shows the whole result, the tests' output included.
    expect(result).toMatchObject({ passed: true });
    expect(result.summary).toMatch(
      template === 'node-service' ? /^6 passed, 0 failed$/ : /^7 passed/,
    );
  }, 600_000);
});

describe('renderTemplate', () => {
  it('refuses values the form refuses', async () => {
    const [variant] = templateVariants('node-service');
    await expect(
      renderTemplate({
        templateFile: variant.templateFile,
        parameters: {
          ...variant.parameters,
          repoUrl: 'gitlab.com?owner=Acme&repo=payments-api',
        },
        outputDir: outDir('refused'),
      }),
    ).rejects.toThrow(
      expect.objectContaining({
        name: InputError.name,
        message: expect.stringMatching(
          /do not fit secure-node-service's form: .*dependency required by instance\.ciSystem/,
        ),
      }),
    );
  });
});

describe('validateTree finds what is wrong', () => {
  const variantOf = (id: string) =>
    templateVariants('node-service').find(v => v.id.startsWith(id))!;
  const bases: Record<string, string> = {};

  beforeAll(async () => {
    for (const ci of ['github-actions', 'gitlab-ci', 'tekton']) {
      const variant = variantOf(ci);
      bases[ci] = (await render(variant, outDir('broken-base', ci))).outputDir;
    }
  }, 60_000);

  let count = 0;
  /** Validates a copy of a rendered repository after `edit`, without any cache. */
  async function validateBroken(
    ci: 'github-actions' | 'gitlab-ci' | 'tekton',
    edit: (
      file: (path: string, change: (text: string) => string) => Promise<void>,
    ) => Promise<void>,
  ): Promise<TreeValidation> {
    const dir = outDir('broken', String(++count));
    await fs.cp(bases[ci], dir, { recursive: true });
    await edit(async (path, change) => {
      const before = await fs.readFile(join(dir, path), 'utf8').catch(() => '');
      const after = change(before);
      expect(after).not.toBe(before);
      await fs.mkdir(join(dir, path, '..'), { recursive: true });
      await fs.writeFile(join(dir, path), after);
    });
    return validateTree(dir, { templateFile: variantOf(ci).templateFile });
  }

  function messages(validation: TreeValidation, tool: ToolName): string[] {
    return problemsOf(validation, tool).map(formatProblem);
  }

  /** `text` with `from` replaced by `to`; `from` must be there. */
  function replace(from: string, to: string) {
    return (text: string) => {
      expect(text).toContain(from);
      return text.replace(from, to);
    };
  }

  it('reports a workflow without permissions with the rule checker (R01)', async () => {
    const validation = await validateBroken('github-actions', edit =>
      edit(
        '.github/workflows/ci.yml',
        replace(
          'permissions:\n  contents: read\n\nconcurrency:',
          'concurrency:',
        ),
      ),
    );
    expect(messages(validation, 'rules')).toContainEqual(
      expect.stringMatching(
        /^\[rules\] \.github\/workflows\/ci\.yml(:\d+)?: R01 /,
      ),
    );
  }, 30_000);

  it('reports broken YAML with yamllint', async () => {
    const validation = await validateBroken('github-actions', edit =>
      edit('deploy/service.yaml', text => `${text}  ports: [80\n`),
    );
    expect(messages(validation, 'yamllint')).toContainEqual(
      expect.stringMatching(
        /^\[yamllint\] deploy\/service\.yaml:\d+: .*syntax error/,
      ),
    );
    expect(messages(validation, 'syntax')).toContainEqual(
      expect.stringContaining('deploy/service.yaml: YAML does not parse'),
    );
  }, 30_000);

  it('reports a shell error in a GitHub run: block with shellcheck, on its line', async () => {
    let line = 0;
    const validation = await validateBroken('github-actions', edit =>
      edit('.github/workflows/ci.yml', text => {
        const changed = replace(
          '      - name: Test\n        run: npm test\n',
          '      - name: Test\n        run: |\n          if [ -n "${{ github.ref }}" ]; then\n            npm test\n',
        )(text);
        line =
          changed
            .split('\n')
            .indexOf('          if [ -n "${{ github.ref }}" ]; then') + 1;
        return changed;
      }),
    );
    expect(messages(validation, 'shellcheck')).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\[shellcheck\\] \\.github/workflows/ci\\.yml:${line}: job build-test, step Test \\(bash\\): SC\\d+ \\(error\\)`,
        ),
      ),
    );
  }, 30_000);

  it('reports a shell error in a GitLab script (extends and !reference resolved)', async () => {
    const validation = await validateBroken('gitlab-ci', edit =>
      edit(
        '.gitlab-ci.yml',
        replace(
          '    - report semgrep semgrep.sarif\n',
          '    - report semgrep semgrep.sarif "$(echo\n',
        ),
      ),
    );
    expect(messages(validation, 'shellcheck')).toContainEqual(
      expect.stringMatching(
        /^\[shellcheck\] \.gitlab-ci\.yml:\d+: job sast, before_script \+ script \(sh\): SC\d+ \(error\)/,
      ),
    );
  }, 30_000);

  it('reports a shell error in a Tekton step script', async () => {
    const validation = await validateBroken('tekton', edit =>
      edit(
        '.tekton/task-sast.yaml',
        replace(
          '        [ "$REPORT" = true ] || exit 0\n',
          '        [ "$REPORT" = true ] || exit 0\n        for x in a b; do\n',
        ),
      ),
    );
    expect(messages(validation, 'shellcheck')).toContainEqual(
      expect.stringMatching(
        /^\[shellcheck\] \.tekton\/task-sast\.yaml:\d+: Task payments-api-sast, step report \(bash\): SC\d+ \(error\)/,
      ),
    );
  }, 30_000);

  it('reports a privileged container with the Pod Security checks and R25', async () => {
    const validation = await validateBroken('github-actions', edit =>
      edit(
        'deploy/deployment.yaml',
        replace(
          '            allowPrivilegeEscalation: false\n',
          '            allowPrivilegeEscalation: false\n            privileged: true\n',
        ),
      ),
    );
    expect(messages(validation, 'pod-security')).toContainEqual(
      expect.stringMatching(
        /^\[pod-security\] deploy\/deployment\.yaml:\d+: pss-baseline\/privileged .*Deployment\/default\/payments-api/,
      ),
    );
    expect(messages(validation, 'rules')).toContainEqual(
      expect.stringMatching(/^\[rules\] deploy\/deployment\.yaml(:\d+)?: R25 /),
    );
  }, 30_000);

  it('reports a committed AWS key with secretlint', async () => {
    // Put together here so that this file holds no key-shaped string of its own.
    const keyId = ['AKIA', 'QYLPMN5HHHFPZAM2'].join('');
    const secret = ['1tUm636uS1yOEcfP5pvf', 'qJ/ml36mF7AkyHsEU0IU'].join('');
    const validation = await validateBroken('github-actions', edit =>
      edit(
        'scripts/deploy.env',
        () => `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n`,
      ),
    );
    const found = messages(validation, 'secretlint');
    expect(found).toContainEqual(
      expect.stringMatching(/^\[secretlint\] scripts\/deploy\.env:2: .*AWS/),
    );
    expect(found.join('\n')).not.toContain(secret);
  }, 30_000);

  it('reports an object that breaks its Kubernetes schema', async () => {
    const validation = await validateBroken('github-actions', edit =>
      edit('deploy/deployment.yaml', replace('replicas: 2', 'replicas: two')),
    );
    expect(messages(validation, 'kubernetes')).toContainEqual(
      expect.stringMatching(
        /^\[kubernetes\] deploy\/deployment\.yaml:\d+: Deployment payments-api: .*replicas must be integer/,
      ),
    );
  }, 30_000);

  it('reports a broken workflow expression with actionlint', async () => {
    const validation = await validateBroken('github-actions', edit =>
      edit(
        '.github/workflows/ci.yml',
        replace('group: ci-${{ github.ref }}', 'group: ci-${{ github.refs }}'),
      ),
    );
    expect(messages(validation, 'actionlint')).toContainEqual(
      expect.stringMatching(
        /^\[actionlint\] \.github\/workflows\/ci\.yml:\d+: .*refs/,
      ),
    );
  }, 30_000);

  it('reports template syntax left in a file', async () => {
    const validation = await validateBroken('github-actions', edit =>
      edit('README.md', text => `${text}\n${'$'}{{ values.name }}\n`),
    );
    expect(messages(validation, 'syntax')).toContainEqual(
      expect.stringContaining('README.md'),
    );
  }, 30_000);

  it('fails, instead of passing, when a tool is not installed', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(validateTree(bases['github-actions'])).rejects.toThrow(
        ToolMissingError,
      );
    } finally {
      process.env.PATH = path;
    }
  }, 30_000);
});
