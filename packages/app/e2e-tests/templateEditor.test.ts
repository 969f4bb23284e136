import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test, expect, Page } from '@playwright/test';

const root = resolve(__dirname, '../../..');
const shots = join(root, 'test-results/screenshots');

type TemplateFile = { path: string; base64: string };

function filesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? filesOf(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function templateFiles(template: string): TemplateFile[] {
  const dir = join(root, 'templates', template);
  return filesOf(dir).map(file => ({
    path: relative(dir, file),
    base64: readFileSync(file).toString('base64'),
  }));
}

/**
 * Runs in the page before the app's own scripts. "Load Template Directory" calls
 * window.showDirectoryPicker(), whose native dialog headless Chromium cannot operate. Only that
 * dialog is replaced: the function writes the template into the Origin Private File System and
 * returns that folder, a real FileSystemDirectoryHandle, so the editor lists, reads, stores
 * (IndexedDB) and saves it through the same File System Access API as with a picked folder.
 */
function substituteDirectoryPicker(seed: {
  folder: string;
  files: TemplateFile[];
}) {
  async function pickTemplateFolder(): Promise<FileSystemDirectoryHandle> {
    const opfs = await navigator.storage.getDirectory();
    await opfs
      .removeEntry(seed.folder, { recursive: true })
      .catch(() => undefined);
    const folder = await opfs.getDirectoryHandle(seed.folder, { create: true });
    for (const file of seed.files) {
      const parts = file.path.split('/');
      let parent = folder;
      for (const part of parts.slice(0, -1)) {
        parent = await parent.getDirectoryHandle(part, { create: true });
      }
      const handle = await parent.getFileHandle(parts[parts.length - 1], {
        create: true,
      });
      const writable = await handle.createWritable();
      await writable.write(
        Uint8Array.from(atob(file.base64), c => c.charCodeAt(0)),
      );
      await writable.close();
    }
    return folder;
  }
  Object.assign(window, { showDirectoryPicker: pickTemplateFolder });
}

function textbox(page: Page, name: string) {
  return page.getByRole('textbox', { name, exact: true });
}

async function chooseOption(page: Page, field: string, option: string) {
  await page.getByRole('button', { name: new RegExp(`^${field}`) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('the template editor fills the node-service form and shows the dry-run result', async ({
  page,
}) => {
  await page.addInitScript(substituteDirectoryPicker, {
    folder: 'node-service',
    files: templateFiles('node-service'),
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByText('ledger-worker').first()).toBeVisible();

  // in-app navigation: a reload would depend on the guest session being restored
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Create' })
    .click();
  await page.getByRole('tab', { name: 'Template Editor' }).click();
  await page.getByText('Load Template Directory').click();
  await expect(page).toHaveURL(/\/create\/edit\/template$/);
  // The editor previews the first YAML file it lists; the template is the one to preview.
  await page
    .getByRole('treeitem', { name: 'template.yaml', exact: true })
    .click();

  await textbox(page, 'Name').fill('orders-api');
  await textbox(page, 'Description').fill('Takes orders');
  await textbox(page, 'Owner').fill('payments-team');
  await page
    .getByRole('option', { name: /payments-team/ })
    .first()
    .click();
  await textbox(page, 'System').fill('payments');
  await page
    .getByRole('option', { name: /payments/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();

  await chooseOption(page, 'CI system', 'GitHub Actions');
  // the repository picker's host is a native select without a label of its own
  await page
    .getByRole('combobox')
    .filter({ has: page.getByRole('option', { name: 'github.com' }) })
    .selectOption('github.com');
  await textbox(page, 'Owner').fill('demo-org');
  await textbox(page, 'Repository').fill('orders-api');
  // the repository picker commits its value a moment after typing
  await expect(async () => {
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(textbox(page, 'Container registry')).toBeVisible({
      timeout: 1000,
    });
  }).toPass({ timeout: 15_000 });

  await textbox(page, 'Container registry').fill('ghcr.io');
  await chooseOption(page, 'Compliance profile', 'PCI DSS v4.0');
  await chooseOption(page, 'Fail the pipeline at', 'High and above');
  await page.getByRole('button', { name: 'Review' }).click();
  for (const row of [
    /^Owner\s*group:default\/payments-team$/,
    /^CI system\s*GitHub Actions$/,
    /^Compliance profile\s*PCI DSS v4.0$/,
    /^Fail the pipeline at\s*High and above$/,
  ]) {
    await expect(page.getByRole('row', { name: row })).toBeVisible();
  }
  // Create sends the template, the form's values and the folder's files to the dry-run API.
  const [dryRun] = await Promise.all([
    page.waitForResponse('**/api/scaffolder/v2/dry-run'),
    page.getByRole('button', { name: 'Create', exact: true }).click(),
  ]);
  expect(dryRun.status()).toBe(200);

  const results = page
    .locator('.MuiAccordion-root')
    .filter({ hasText: 'Dry-run results' });
  await expect(results.getByText('Result 1')).toBeVisible({ timeout: 60_000 });

  // Files: the repository the template would publish, rendered from the form's values.
  await results
    .getByRole('treeitem', { name: 'catalog-info.yaml', exact: true })
    .click();
  const fileView = results.locator('.cm-content');
  await expect(fileView).toContainText(
    'github.com/project-slug: demo-org/orders-api',
  );
  await expect(fileView).toContainText(
    'security.devsecops.io/compliance-frameworks: pci-dss-4.0',
  );
  await expect(fileView).toContainText('owner: group:default/payments-team');
  for (const folder of ['.github', 'workflows']) {
    const item = results.getByRole('treeitem', { name: folder, exact: true });
    await item.locator('> div').click();
    // the folder opens with an animation: wait for its end before looking (and photographing)
    await expect(item.getByRole('group').first()).toHaveClass(
      /MuiCollapse-entered/,
    );
  }
  for (const workflow of ['ci.yml', 'release.yml', 'gitops-tag.yml']) {
    await expect(
      results.getByRole('treeitem', { name: workflow, exact: true }),
    ).toBeVisible();
  }
  await page.screenshot({
    path: join(shots, 'template-editor-dry-run-files.png'),
  });

  // Log: the secure pipeline check ran on the rendered repository, and passed.
  await results.getByRole('tab', { name: 'Log' }).click();
  await results
    .getByRole('button', { name: /^Check the repository against the secure/ })
    .click();
  await expect(
    results.getByText('The repository meets the secure pipeline standard v1 (github)'),
  ).toBeVisible();
  await expect(
    results.getByText(/Running security:pipeline:verify/),
  ).toBeVisible();
  await page.screenshot({ path: join(shots, 'template-editor-dry-run.png') });
});
