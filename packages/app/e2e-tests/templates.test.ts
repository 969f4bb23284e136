import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test, expect, APIRequestContext } from '@playwright/test';
import { parse } from 'yaml';

const root = resolve(__dirname, '../../..');
const shots = join(root, 'test-results/screenshots');

function filesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? filesOf(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** The template and its skeleton, as the template editor sends them for a dry run. */
function dryRunRequest(template: string, values: Record<string, string>) {
  const dir = join(root, 'templates', template);
  return {
    template: parse(readFileSync(join(dir, 'template.yaml'), 'utf8')),
    values,
    secrets: {},
    directoryContents: filesOf(dir).map(file => ({
      path: relative(dir, file),
      base64Content: readFileSync(file).toString('base64'),
    })),
  };
}

async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.post('/api/auth/guest/refresh', { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  return (await res.json()).backstageIdentity.token;
}

const variants: Array<Record<string, string>> = [
  { ciSystem: 'github-actions', repoUrl: 'github.com?owner=demo-org&repo=orders-api' },
  { ciSystem: 'gitlab-ci', repoUrl: 'gitlab.com?owner=demo-org&repo=orders-api' },
  { ciSystem: 'tekton', repoUrl: 'github.com?owner=demo-org&repo=orders-api', clusterOidcIssuer: 'https://kubernetes.default.svc' },
];

for (const template of ['node-service', 'python-service']) {
  test(`a dry run of ${template} renders a repository that passes the pipeline rules, for every CI system`, async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
    await expect(page.getByText('ledger-worker').first()).toBeVisible();
    const token = await guestToken(page.request);
    for (const variant of variants) {
      const res = await page.request.post('/api/scaffolder/v2/dry-run', {
        headers: { Authorization: `Bearer ${token}` },
        data: dryRunRequest(template, {
          name: 'orders-api',
          description: 'Takes orders',
          owner: 'group:default/payments-team',
          system: 'system:default/payments',
          registry: 'ghcr.io',
          complianceProfile: 'pci-dss-4.0',
          severityThreshold: 'HIGH',
          serviceMesh: 'istio',
          ...variant,
        }),
      });
      expect(res.status(), `${variant.ciSystem}: ${(await res.text()).slice(0, 300)}`).toBe(200);
      const body = await res.json();
      const verify = body.log.filter((l: { body: { stepId?: string } }) => l.body.stepId === 'verify');
      expect(verify.map((l: { body: { message: string } }) => l.body.message).join('\n')).toContain('meets the secure pipeline standard');
      const catalogFile = body.directoryContents.find((f: { path: string }) => f.path === 'catalog-info.yaml');
      const catalogInfo = Buffer.from(catalogFile.base64Content, 'base64').toString('utf8');
      expect(catalogInfo).toContain('security.devsecops.io/pipeline-standard');
      expect(catalogInfo).toContain('security.devsecops.io/compliance-frameworks: pci-dss-4.0');
    }
  });
}

test('the template form in the portal collects what the secure service needs', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByText('ledger-worker').first()).toBeVisible();
  await page.goto('/create');
  await expect(page.getByText('Node.js service with the secure pipeline')).toBeVisible();
  await page.screenshot({ path: join(shots, 'templates.png'), fullPage: true });
  await page.goto('/create/templates/default/secure-node-service');
  await page.getByLabel('Name').first().fill('orders-api');
  await page.getByLabel('Description').first().fill('Takes orders');
  await page.getByLabel('Owner').first().fill('payments-team');
  await page.getByRole('option', { name: /payments-team/ }).first().click();
  await page.getByLabel('System').first().fill('payments');
  await page.getByRole('option', { name: /payments/ }).first().click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Owner').first().fill('demo-org');
  await page.getByLabel('Repository').first().fill('orders-api');
  // the repository picker commits its value a moment after typing
  await expect(async () => {
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel('Container registry')).toHaveValue('ghcr.io', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('button', { name: 'Create' })).toBeVisible();
  await expect(page.getByText('orders-api').first()).toBeVisible();
  await expect(page.getByText('GitHub Actions').first()).toBeVisible();
  await page.screenshot({ path: join(shots, 'template-review.png'), fullPage: true });
});
