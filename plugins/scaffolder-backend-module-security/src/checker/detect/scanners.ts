import { CiJob, CiStep, actionName, input } from '../model/ciJob';
import { hasOption, optionValue, stringOption } from '../model/shell';
import { SimpleCommand, commandsOf, runs, subcommand } from './commands';
import {
  Evidence,
  commandEvidence,
  firstCommand,
  stepEvidence,
  usesStep,
  word,
} from './evidence';

// ---- R10 SAST ------------------------------------------------------------------------------

export function sastEvidence(job: CiJob): Evidence | undefined {
  const step = usesStep(
    job,
    /^(github\/codeql-action\/analyze|(semgrep|returntocorp)\/semgrep-action|template:(jobs|security)\/sast\.gitlab-ci\.yml|component:.*\/(sast|semgrep)[^/]*|task:.*(semgrep|codeql).*)$/,
  )[0];
  if (step) return stepEvidence(job, step, actionName(step.uses)!);
  return firstCommand(
    job,
    c =>
      (runs(c, 'semgrep') && ['ci', 'scan'].includes(subcommand(c) ?? '')) ||
      (c.program === 'semgrep' && hasOption(c.args, ['--config'])) ||
      (runs(c, 'codeql') && word(c, 'database') && word(c, 'analyze')),
    c => `${c.program} ${subcommand(c) ?? ''}`.trim(),
  );
}

// ---- R11 dependency gate ------------------------------------------------------------------

export interface Gate extends Evidence {
  /** The severity threshold the gate fails on; `undefined` when none is set. */
  threshold?: string;
  /** The gate cannot fail the job (exit code 0, `fail-build: false`). */
  failsBuild: boolean;
}

/** Trivy's `--scanners` (default `vuln,secret`) include the given scanner. */
function trivyScans(scanners: string | undefined, scanner: string): boolean {
  return (
    scanners === undefined ||
    scanners
      .split(',')
      .map(s => s.trim())
      .includes(scanner)
  );
}

function trivyActionGate(
  job: CiJob,
  step: CiStep,
  wantImage: boolean,
): Gate | undefined {
  const scanType = input(step, 'scan-type') ?? 'image';
  if ((scanType === 'image') !== wantImage) return undefined;
  if (!trivyScans(input(step, 'scanners'), 'vuln')) return undefined;
  if (!wantImage && !['fs', 'repo', 'rootfs', 'sbom'].includes(scanType))
    return undefined;
  const exitCode = input(step, 'exit-code') ?? '0';
  return {
    ...stepEvidence(job, step, `aquasecurity/trivy-action (${scanType})`),
    threshold: input(step, 'severity'),
    failsBuild: exitCode !== '0',
  };
}

function grypeActionGate(
  job: CiJob,
  step: CiStep,
  wantImage: boolean,
): Gate | undefined {
  const image = input(step, 'image');
  const isImage = image !== undefined && !/^(dir|file|sbom):/.test(image);
  if (isImage !== wantImage) return undefined;
  return {
    ...stepEvidence(job, step, 'anchore/scan-action'),
    threshold: input(step, 'severity-cutoff'),
    failsBuild: (input(step, 'fail-build') ?? 'true') !== 'false',
  };
}

function trivyCommandGate(
  job: CiJob,
  c: SimpleCommand,
  wantImage: boolean,
): Gate | undefined {
  if (!runs(c, 'trivy')) return undefined;
  const target = subcommand(c);
  const isImage = target === 'image' || target === 'i';
  const isFs = [
    'fs',
    'filesystem',
    'repo',
    'repository',
    'rootfs',
    'sbom',
  ].includes(target ?? '');
  if ((wantImage && !isImage) || (!wantImage && !isFs)) return undefined;
  if (
    !trivyScans(
      stringOption(c.args, ['--scanners', '--security-checks']),
      'vuln',
    )
  )
    return undefined;
  const exitCode = optionValue(c.args, ['--exit-code']);
  const severity = optionValue(c.args, ['--severity', '-s']);
  return {
    ...commandEvidence(job, c, `trivy ${target}`),
    threshold: typeof severity === 'string' ? severity : undefined,
    failsBuild: typeof exitCode === 'string' && exitCode !== '0',
  };
}

function grypeCommandGate(
  job: CiJob,
  c: SimpleCommand,
  wantImage: boolean,
): Gate | undefined {
  if (!runs(c, 'grype')) return undefined;
  const target = subcommand(c) ?? '';
  const isImage =
    target !== '' &&
    !/^(dir|file|sbom):|^\.\/?$/.test(target) &&
    !target.startsWith('/');
  if (isImage !== wantImage) return undefined;
  const failOn = optionValue(c.args, ['--fail-on', '-f']);
  return {
    ...commandEvidence(job, c, 'grype'),
    threshold: typeof failOn === 'string' ? failOn : undefined,
    failsBuild: typeof failOn === 'string',
  };
}

/** A dependency (source tree) vulnerability gate in the job. */
export function dependencyGate(job: CiJob): Gate | undefined {
  for (const step of job.steps) {
    const name = actionName(step.uses);
    if (name === 'actions/dependency-review-action') {
      return {
        ...stepEvidence(job, step, name),
        threshold: input(step, 'fail-on-severity'),
        failsBuild: true,
      };
    }
    if (name === 'aquasecurity/trivy-action') {
      const gate = trivyActionGate(job, step, false);
      if (gate) return gate;
    }
    if (name === 'anchore/scan-action') {
      const gate = grypeActionGate(job, step, false);
      if (gate) return gate;
    }
    if (name?.startsWith('google/osv-scanner-action/')) {
      return {
        ...stepEvidence(job, step, name),
        threshold: 'any',
        failsBuild: true,
      };
    }
  }
  for (const c of commandsOf(job)) {
    const gate =
      trivyCommandGate(job, c, false) ?? grypeCommandGate(job, c, false);
    if (gate) return gate;
    const sub = subcommand(c);
    if (['npm', 'pnpm'].includes(c.program) && sub === 'audit') {
      const level = optionValue(c.args, ['--audit-level']);
      return {
        ...commandEvidence(job, c, `${c.program} audit`),
        threshold: typeof level === 'string' ? level : undefined,
        failsBuild: true,
      };
    }
    if (c.program === 'yarn' && sub === 'npm' && word(c, 'audit')) {
      const level = optionValue(c.args, ['--severity']);
      return {
        ...commandEvidence(job, c, 'yarn npm audit'),
        threshold: typeof level === 'string' ? level : undefined,
        failsBuild: true,
      };
    }
    if (c.program === 'snyk' && sub === 'test') {
      const level = optionValue(c.args, ['--severity-threshold']);
      return {
        ...commandEvidence(job, c, 'snyk test'),
        threshold: typeof level === 'string' ? level : undefined,
        failsBuild: true,
      };
    }
    if (
      runs(c, 'osv-scanner') ||
      runs(c, 'govulncheck') ||
      runs(c, 'pip-audit')
    ) {
      // These fail on any known vulnerability: the threshold is "all severities".
      return {
        ...commandEvidence(job, c, c.program),
        threshold: 'any',
        failsBuild: true,
      };
    }
  }
  return undefined;
}

// ---- R20 image scan gate -----------------------------------------------------------------

export function imageScanGate(job: CiJob): Gate | undefined {
  for (const step of job.steps) {
    const name = actionName(step.uses);
    const gate =
      (name === 'aquasecurity/trivy-action' &&
        trivyActionGate(job, step, true)) ||
      (name === 'anchore/scan-action' && grypeActionGate(job, step, true)) ||
      undefined;
    if (gate && gate.failsBuild) return gate;
  }
  for (const c of commandsOf(job)) {
    const gate =
      trivyCommandGate(job, c, true) ?? grypeCommandGate(job, c, true);
    if (gate && gate.failsBuild) return gate;
    if (
      c.program === 'snyk' &&
      subcommand(c) === 'container' &&
      word(c, 'test')
    ) {
      const level = optionValue(c.args, ['--severity-threshold']);
      return {
        ...commandEvidence(job, c, 'snyk container test'),
        threshold: typeof level === 'string' ? level : undefined,
        failsBuild: true,
      };
    }
  }
  return undefined;
}

/** An image scan that writes SARIF (the gate itself or a second, reporting run). */
export function imageScanSarif(job: CiJob): Evidence | undefined {
  for (const step of job.steps) {
    const name = actionName(step.uses);
    if (
      name === 'aquasecurity/trivy-action' &&
      (input(step, 'scan-type') ?? 'image') === 'image' &&
      input(step, 'format') === 'sarif'
    ) {
      return stepEvidence(job, step, name);
    }
    if (
      name === 'anchore/scan-action' &&
      input(step, 'output-format') === 'sarif'
    ) {
      return stepEvidence(job, step, name);
    }
  }
  return firstCommand(
    job,
    c =>
      ((runs(c, 'trivy') && ['image', 'i'].includes(subcommand(c) ?? '')) ||
        runs(c, 'grype')) &&
      /\bsarif\b/.test(c.text),
    c => `${c.program} (SARIF)`,
  );
}

// ---- R12 secret scanning ------------------------------------------------------------------

export function secretScanEvidence(
  job: CiJob,
  preCommitHooks: string[],
): Evidence | undefined {
  const step = usesStep(
    job,
    /^(gitleaks\/gitleaks-action|trufflesecurity\/trufflehog|template:(jobs|security)\/secret-detection\.gitlab-ci\.yml|component:.*secret-detection.*|task:.*(gitleaks|trufflehog|detect-secrets|secret-scan).*)$/,
  )[0];
  if (step) return stepEvidence(job, step, actionName(step.uses)!);
  const trivy = job.steps.find(
    s =>
      actionName(s.uses) === 'aquasecurity/trivy-action' &&
      ['fs', 'repo'].includes(input(s, 'scan-type') ?? '') &&
      trivyScans(input(s, 'scanners'), 'secret'),
  );
  if (trivy) return stepEvidence(job, trivy, 'trivy (secret scanner)');
  return firstCommand(
    job,
    c =>
      (runs(c, 'trivy') &&
        ['fs', 'repo', 'filesystem', 'repository'].includes(
          subcommand(c) ?? '',
        ) &&
        trivyScans(stringOption(c.args, ['--scanners']), 'secret')) ||
      (runs(c, 'gitleaks') &&
        ['detect', 'git', 'dir', 'protect', 'stdin'].includes(
          subcommand(c) ?? '',
        )) ||
      (runs(c, 'trufflehog') &&
        ['git', 'filesystem', 'github', 'gitlab'].includes(
          subcommand(c) ?? '',
        )) ||
      (c.program === 'detect-secrets' &&
        ['scan', 'audit'].includes(subcommand(c) ?? '')) ||
      c.program === 'detect-secrets-hook' ||
      (c.program === 'pre-commit' &&
        subcommand(c) === 'run' &&
        (preCommitHooks.some(h => word(c, h)) ||
          (preCommitHooks.length > 0 &&
            c.args.filter(a => !a.startsWith('-')).length === 1))),
    c => `${c.program} ${subcommand(c) ?? ''}`.trim(),
  );
}

// ---- R13 IaC scanning ---------------------------------------------------------------------

export interface IacScan extends Evidence {
  dockerfile: boolean;
  deploy: boolean;
  sarif: boolean;
}

/** What a path argument of a scanner covers. */
function coverage(path: string | undefined): {
  dockerfile: boolean;
  deploy: boolean;
} {
  const p = (path ?? '.').replace(/^\.\//, '').replace(/\/$/, '');
  if (
    p === '' ||
    p === '.' ||
    /^\$\{?\{?\s*(github\.workspace|CI_PROJECT_DIR|PWD)/.test(p)
  ) {
    return { dockerfile: true, deploy: true };
  }
  return {
    dockerfile: /(^|\/)(Dockerfile|Containerfile)/.test(p),
    deploy: /(^|\/)deploy(\/|$)/.test(p),
  };
}

export function iacScans(job: CiJob): IacScan[] {
  const found: IacScan[] = [];
  for (const step of job.steps) {
    const name = actionName(step.uses) ?? '';
    const sarifIn = (...keys: string[]) =>
      keys.some(k => /sarif/i.test(input(step, k) ?? ''));
    if (
      name === 'aquasecurity/trivy-action' &&
      input(step, 'scan-type') === 'config'
    ) {
      found.push({
        ...stepEvidence(job, step, 'trivy config'),
        ...coverage(input(step, 'scan-ref')),
        sarif: sarifIn('format'),
      });
    } else if (name === 'bridgecrewio/checkov-action') {
      found.push({
        ...stepEvidence(job, step, 'checkov'),
        ...coverage(input(step, 'directory') ?? input(step, 'file')),
        sarif: sarifIn('output_format'),
      });
    } else if (name === 'checkmarx/kics-github-action') {
      found.push({
        ...stepEvidence(job, step, 'kics'),
        ...coverage(input(step, 'path')),
        sarif: sarifIn('output_formats'),
      });
    } else if (name === 'hadolint/hadolint-action') {
      found.push({
        ...stepEvidence(job, step, 'hadolint'),
        dockerfile: true,
        deploy: false,
        sarif: sarifIn('format'),
      });
    } else if (
      name === 'kubescape/github-action' ||
      name === 'stackrox/kube-linter-action'
    ) {
      found.push({
        ...stepEvidence(job, step, name),
        dockerfile: false,
        deploy: true,
        sarif: sarifIn('format'),
      });
    } else if (
      /^template:(jobs|security)\/sast-iac\.gitlab-ci\.yml$/.test(name)
    ) {
      found.push({
        ...stepEvidence(job, step, name),
        dockerfile: true,
        deploy: true,
        sarif: false,
      });
    }
  }
  for (const c of commandsOf(job)) {
    const sub = subcommand(c);
    const sarif = /\bsarif\b/i.test(c.text);
    const positional = c.args.filter(a => !a.startsWith('-'));
    if (runs(c, 'trivy') && ['config', 'conf'].includes(sub ?? '')) {
      // The scanned path is trivy's last positional argument.
      found.push({
        ...commandEvidence(job, c, 'trivy config'),
        ...coverage(positional[positional.length - 1]),
        sarif,
      });
    } else if (runs(c, 'checkov')) {
      const dir = optionValue(c.args, ['-d', '--directory']);
      const file = optionValue(c.args, ['-f', '--file']);
      const target = typeof dir === 'string' ? dir : undefined;
      found.push({
        ...commandEvidence(job, c, 'checkov'),
        ...coverage(target ?? (typeof file === 'string' ? file : undefined)),
        sarif,
      });
    } else if (runs(c, 'kics') && sub === 'scan') {
      const path = optionValue(c.args, ['-p', '--path']);
      found.push({
        ...commandEvidence(job, c, 'kics'),
        ...coverage(typeof path === 'string' ? path : undefined),
        sarif,
      });
    } else if (runs(c, 'hadolint')) {
      found.push({
        ...commandEvidence(job, c, 'hadolint'),
        dockerfile: true,
        deploy: false,
        sarif,
      });
    } else if (
      runs(c, 'kube-linter') ||
      runs(c, 'kubescape') ||
      runs(c, 'polaris')
    ) {
      found.push({
        ...commandEvidence(job, c, c.program),
        dockerfile: false,
        deploy: true,
        sarif,
      });
    } else if (runs(c, 'terrascan') && sub === 'scan') {
      found.push({
        ...commandEvidence(job, c, 'terrascan'),
        ...coverage(undefined),
        sarif,
      });
    }
  }
  return found;
}
