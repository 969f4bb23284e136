import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect, Page } from '@playwright/test';

const repo = resolve(__dirname, '../../..');
const fixtures = join(repo, 'plugins/security-backend/src/supplychain/__fixtures__');
const shots = join(repo, 'test-results/screenshots');
const token = process.env.SECURITY_INGEST_TOKEN;
// the artifact the sigstore-conformance bundle signs, named with its digest
const ARTIFACT = 'a.txt@sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';

async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByText('ledger-worker').first()).toBeVisible();
}

test('a real bundle shows as verified, a tampered copy fails with its reason', async ({ page, request }) => {
  const bundle = JSON.parse(readFileSync(join(fixtures, 'conformance-v03-msgsig-happy-path.sigstore.json'), 'utf8'));
  const tampered = JSON.parse(JSON.stringify(bundle));
  const sig = Buffer.from(tampered.messageSignature.signature, 'base64');
  sig[16] ^= 0x01;
  tampered.messageSignature.signature = sig.toString('base64');

  for (const body of [bundle, tampered]) {
    const res = await request.post(
      `/api/security/v1/reports?entityRef=${encodeURIComponent('component:default/checkout-web')}&artifact=${encodeURIComponent(ARTIFACT)}`,
      { headers: { Authorization: `Bearer ${token}` }, data: Buffer.from(JSON.stringify(body)) },
    );
    expect(res.status(), await res.text()).toBe(201);
    expect((await res.json()).counts.attestations).toBe(1);
  }

  await signIn(page);
  // demo reports load in the background after start; reload until they are in
  await expect(async () => {
    await page.goto('/catalog/default/component/checkout-web/security');
    await page.getByRole('tab', { name: /Supply chain/ }).click();
    await expect(
      page.getByTestId('attestation-row').filter({ hasText: 'pkg:npm/tuf-js@1.0.0' }),
    ).toHaveCount(2, { timeout: 3000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('signing-status')).toContainText('1 verified');

  const artifact = page.getByTestId('artifact-row').filter({ hasText: 'a.txt' });
  await expect(artifact.getByTestId('signing-verified')).toBeVisible();
  await expect(artifact).toContainText('sigstore-conformance/extremely-dangerous-public-oidc-beacon');

  const failed = page.getByTestId('attestation-row').filter({ has: page.getByTestId('signing-failed') });
  await expect(failed).toHaveCount(1);
  await expect(failed.getByTestId('attestation-reason')).toContainText('signature');
  // the demo's real npm attestations of two SBOM packages verified offline on first start
  await expect(
    page.getByTestId('attestation-row').filter({ hasText: 'pkg:npm/sigstore@1.0.0' }).getByTestId('signing-verified'),
  ).toHaveCount(2);
  await page.screenshot({ path: join(shots, 'supply-chain.png'), fullPage: true });

  await page.getByRole('tab', { name: /SBOM/ }).click();
  const sigstoreRow = page.getByTestId('component-row').filter({ hasText: 'pkg:npm/sigstore@1.0.0' });
  await expect(sigstoreRow.getByTestId('signing-verified')).toBeVisible();
  await expect(sigstoreRow).toContainText('https://github.com/sigstore/sigstore-js');
  await page.screenshot({ path: join(shots, 'sbom-provenance.png'), fullPage: true });
});

test('a declared artifact without a signature shows as unsigned', async ({ page }) => {
  await signIn(page);
  await page.goto('/catalog/default/component/payments-api/security');
  await expect(page.getByTestId('signing-status')).toContainText('1 unsigned');
  await page.getByRole('tab', { name: /Supply chain/ }).click();
  const artifact = page.getByTestId('artifact-row').first();
  await expect(artifact.getByTestId('signing-unsigned')).toBeVisible();
  await expect(artifact).toContainText('ghcr.io/demo-org/payments-api@sha256:0f1e2d3c4b5a');
});
