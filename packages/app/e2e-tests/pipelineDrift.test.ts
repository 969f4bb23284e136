import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';

const repo = resolve(__dirname, '../../..');
const moduleDir = join(repo, 'plugins/scaffolder-backend-module-security');
const shots = join(repo, 'test-results/screenshots');

/** The rule checker's command line, as a pipeline runs it; exit code 1 means violations. */
function checkPipeline(dir: string): Buffer {
  const output = join(dir, 'pipeline-rules.sarif');
  try {
    execFileSync('node', [join(moduleDir, 'bin/security-pipeline-check'), '--format', 'sarif', '--output', output, dir], {
      cwd: dir,
      stdio: 'pipe',
    });
  } catch (error) {
    if ((error as { status?: number }).status !== 1) throw error;
  }
  return readFileSync(output);
}

test('a repository whose workflow drops a gate shows the drift in its Security tab', async ({ page }) => {
  // a repository as a template scaffolds it, then someone grants the workflow write access
  const dir = mkdtempSync(join(tmpdir(), 'drift-'));
  cpSync(join(moduleDir, 'src/checker/__fixtures__/github-compliant'), dir, { recursive: true });
  const ci = join(dir, '.github/workflows/ci.yml');
  writeFileSync(ci, readFileSync(ci, 'utf8').replace(/^permissions:\n {2}contents: read$/m, 'permissions: write-all'));
  const sarif = checkPipeline(dir);
  expect(JSON.parse(sarif.toString()).runs[0].tool.driver.name).toBe('security-pipeline-rules');

  const res = await page.request.post('/api/security/v1/reports?entityRef=resource:default/payments-db', {
    headers: { Authorization: `Bearer ${process.env.SECURITY_INGEST_TOKEN}` },
    data: sarif,
  });
  expect(res.status(), await res.text()).toBe(201);

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByText('ledger-worker').first()).toBeVisible();
  await page.goto('/catalog/default/resource/payments-db/security');
  const row = page.getByTestId('finding-row').filter({ hasText: 'Workflow token is read-only at the top level' }).first();
  await expect(row).toBeVisible();
  await expect(page.getByText('security-pipeline-rules').first()).toBeVisible();
  await page.screenshot({ path: join(shots, 'pipeline-drift.png'), fullPage: true });
});
