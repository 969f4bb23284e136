#!/usr/bin/env node
/**
 * yarn bench:templates — renders every variant of every software template in templates/ (each
 * combination of CI system, repository host, compliance profile and service mesh the form
 * allows) and validates it with every tool: syntax, actionlint, yamllint, shellcheck,
 * Kubernetes schemas, Pod Security, secretlint and the rule checker. Nothing is cached between
 * variants: each variant's render and full validation is timed on its own. Target: ≤ 5 s per
 * variant.
 *
 * The services' unit tests are part of validating a template but not of a variant: the
 * service code is copied without templating, so they run once per template (as the tests do),
 * timed apart; the output adds them to the slowest variant for the worst case. Any problem
 * found, or a failing service test, fails the run.
 */
require('@backstage/cli/config/nodeTransform.cjs');

const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const templatesDir =
  '../../plugins/scaffolder-backend-module-security/dev/templates';
const { renderTemplate } = require(`${templatesDir}/renderTemplate`);
const { validateTree } = require(`${templatesDir}/validateTree`);
const { runServiceTests } = require(`${templatesDir}/runServiceTests`);
const { listTemplates, templateVariants } = require(`${templatesDir}/variants`);
const { formatProblem } = require(`${templatesDir}/problems`);
const { toolVersions } = require(`${templatesDir}/tools/versions`);

const TARGET_SECONDS = 5;

function seconds(since) {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main() {
  console.log('Tools:');
  for (const [tool, version] of Object.entries(await toolVersions())) {
    console.log(`  ${tool}: ${version}`);
  }

  const work = mkdtempSync(join(tmpdir(), 'bench-templates-'));
  const rows = [];
  const serviceTests = [];
  let failed = false;
  try {
    for (const template of listTemplates()) {
      const variants = templateVariants(template);
      for (const [index, variant] of variants.entries()) {
        const outputDir = join(work, template, String(index));
        const started = process.hrtime.bigint();
        await renderTemplate({
          templateFile: variant.templateFile,
          parameters: variant.parameters,
          outputDir,
        });
        const renderS = seconds(started);
        const validation = await validateTree(outputDir, {
          templateFile: variant.templateFile,
        });
        const totalS = seconds(started);
        rows.push({
          template,
          variant: variant.id,
          'render s': renderS.toFixed(2),
          'validate s': (totalS - renderS).toFixed(2),
          seconds: totalS.toFixed(2),
          problems: validation.problems.length,
          totalS,
        });
        for (const problem of validation.problems) {
          failed = true;
          console.error(`${template} ${variant.id}: ${formatProblem(problem)}`);
        }
        if (index === 0) {
          const result = await runServiceTests(outputDir);
          serviceTests.push({
            template,
            command: result.command,
            result: result.summary,
            seconds: result.seconds.toFixed(2),
            secondsValue: result.seconds,
          });
          if (!result.passed) {
            failed = true;
            console.error(
              `${template}: the service's tests failed:\n${result.output}`,
            );
          }
        }
        rmSync(outputDir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  console.log(
    `\nRender and full validation per variant (${rows.length} variants, no cache):`,
  );
  console.table(rows.map(({ totalS, ...row }) => row));
  console.log(
    'Service unit tests, once per template (their code does not vary with the variant):',
  );
  console.table(serviceTests.map(({ secondsValue, ...row }) => row));

  const times = rows.map(r => r.totalS);
  const max = Math.max(...times);
  const slowest = rows.find(r => r.totalS === max);
  // Were the service tests run with every variant: the slowest variant and its template's tests.
  const testsOf = template =>
    serviceTests.find(s => s.template === template)?.secondsValue ?? 0;
  const withTests = rows.map(r => ({
    ...r,
    withTests: r.totalS + testsOf(r.template),
  }));
  const worstRow = withTests.reduce((a, b) =>
    b.withTests > a.withTests ? b : a,
  );
  const worst = worstRow.withTests;
  console.log(
    `max per variant:    ${max.toFixed(2)} s (${slowest.template} ${
      slowest.variant
    })`,
  );
  console.log(`median per variant: ${median(times).toFixed(2)} s`);
  console.log(
    `target:             ≤ ${TARGET_SECONDS} s per variant: ${
      max <= TARGET_SECONDS ? 'met' : 'NOT met'
    }`,
  );
  console.log(
    `The service tests (above) run once per template, not per variant. Were they added to ` +
      `every variant, the slowest would take ${worst.toFixed(2)} s (${
        worstRow.template
      } ${worstRow.variant}: ${worstRow.totalS.toFixed(2)} + ${testsOf(
        worstRow.template,
      ).toFixed(2)}): ${
        worst <= TARGET_SECONDS ? 'within' : 'over'
      } the target.`,
  );
  if (failed) {
    console.error(
      '\nSome variants have problems (above): the templates do not validate.',
    );
    process.exit(1);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
