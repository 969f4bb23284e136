import { Repository } from '../model/Repository';
import { asMap, get, items, str } from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { scorecard } from './support';

interface Need {
  /** What has to be kept up to date, for messages. */
  label: string;
  /** Dependabot's `package-ecosystem`, when Dependabot supports it. */
  dependabot?: string;
  /** Renovate managers that cover it. */
  renovate: string[];
  /** Renovate managers with no default file patterns must be told where to look. */
  renovateNeedsFiles?: boolean;
}

const DEPENDABOT_PATHS = ['.github/dependabot.yml', '.github/dependabot.yaml'];
const RENOVATE_PATHS = [
  'renovate.json',
  'renovate.json5',
  '.github/renovate.json',
  '.github/renovate.json5',
  '.gitlab/renovate.json',
  '.gitlab/renovate.json5',
  '.renovaterc',
  '.renovaterc.json',
  '.renovaterc.json5',
];

const LANGUAGES: Array<{ manifest: RegExp } & Need> = [
  {
    manifest: /(^|\/)package\.json$/,
    label: 'npm',
    dependabot: 'npm',
    renovate: ['npm'],
  },
  {
    manifest: /(^|\/)(requirements[\w.-]*\.txt|pyproject\.toml|Pipfile)$/,
    label: 'pip',
    dependabot: 'pip',
    renovate: ['pip_requirements', 'pep621', 'pipenv', 'poetry', 'pip-compile'],
  },
  {
    manifest: /(^|\/)go\.mod$/,
    label: 'Go modules',
    dependabot: 'gomod',
    renovate: ['gomod'],
  },
  {
    manifest: /(^|\/)pom\.xml$/,
    label: 'Maven',
    dependabot: 'maven',
    renovate: ['maven'],
  },
  {
    manifest: /(^|\/)build\.gradle(\.kts)?$/,
    label: 'Gradle',
    dependabot: 'gradle',
    renovate: ['gradle'],
  },
  {
    manifest: /(^|\/)Cargo\.toml$/,
    label: 'Cargo',
    dependabot: 'cargo',
    renovate: ['cargo'],
  },
  {
    manifest: /(^|\/)Gemfile$/,
    label: 'Bundler',
    dependabot: 'bundler',
    renovate: ['bundler'],
  },
];

function needs(repo: Repository): Need[] {
  const out: Need[] = LANGUAGES.filter(l =>
    repo.paths.some(p => !p.includes('node_modules/') && l.manifest.test(p)),
  );
  if (repo.ciSystems.includes('github')) {
    out.push({
      label: 'GitHub Actions',
      dependabot: 'github-actions',
      renovate: ['github-actions'],
    });
  }
  if (repo.ciSystems.includes('gitlab')) {
    out.push({
      label: 'GitLab CI images and includes',
      renovate: ['gitlabci', 'gitlabci-include'],
    });
  }
  if (repo.ciSystems.includes('tekton')) {
    out.push({
      label: 'Tekton task bundles and images',
      renovate: ['tekton'],
      renovateNeedsFiles: true,
    });
  }
  if (repo.dockerfiles.length > 0) {
    out.push({
      label: 'Docker base images',
      dependabot: 'docker',
      renovate: ['dockerfile'],
    });
  }
  return out;
}

function readRenovate(
  repo: Repository,
): { path: string; config?: Record<string, unknown> } | undefined {
  const path = RENOVATE_PATHS.find(p => repo.has(p));
  if (path) {
    try {
      return { path, config: JSON.parse(repo.text(path) ?? '') };
    } catch {
      // JSON5 or comments: Renovate reads it, this checker cannot; assume the defaults.
      return { path };
    }
  }
  const pkg = repo.text('package.json');
  if (pkg) {
    try {
      const config = JSON.parse(pkg).renovate;
      if (config && typeof config === 'object')
        return { path: 'package.json', config };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

type Check = (need: Need) => Finding | undefined;

/** A function telling what Renovate misses for a need, or `undefined` without Renovate. */
function renovateCheck(
  repo: Repository,
): { disabled?: Finding; check: Check } | undefined {
  const renovate = readRenovate(repo);
  if (!renovate) return undefined;
  const { path, config } = renovate;
  if (!config) return { check: () => undefined };
  if (config.enabled === false) {
    const disabled = {
      file: path,
      message: 'Renovate is disabled (`"enabled": false`).',
    };
    return { disabled, check: () => disabled };
  }
  const enabled = Array.isArray(config.enabledManagers)
    ? (config.enabledManagers as string[])
    : undefined;
  return {
    check: need => {
      if (enabled && !need.renovate.some(m => enabled.includes(m))) {
        return {
          file: path,
          message: `Renovate's \`enabledManagers\` leaves out ${need.label}; add \`${need.renovate[0]}\`.`,
        };
      }
      if (!need.renovateNeedsFiles) return undefined;
      const manager = config[need.renovate[0]] as
        | Record<string, unknown>
        | undefined;
      const patterns = manager?.managerFilePatterns ?? manager?.fileMatch;
      return Array.isArray(patterns) && patterns.length > 0
        ? undefined
        : {
            file: path,
            message: `Renovate's \`${need.renovate[0]}\` manager has no default file pattern, so ${need.label} are never updated. Add \`"${need.renovate[0]}": { "managerFilePatterns": ["/^\\\\.tekton/.+\\\\.ya?ml$/"] }\`.`,
          };
    },
  };
}

function dependabotCheck(repo: Repository): Check | undefined {
  const path = DEPENDABOT_PATHS.find(p => repo.has(p));
  if (!path) return undefined;
  const root = asMap(repo.yaml(path)?.documents[0]);
  const updates = get(root, 'updates');
  const ecosystems = new Set(
    items(updates).map(u => str(get(u, 'package-ecosystem'))),
  );
  return need => {
    if (need.dependabot && ecosystems.has(need.dependabot)) return undefined;
    return {
      file: path,
      line: updates?.line,
      message: need.dependabot
        ? `Dependabot has no \`package-ecosystem: ${need.dependabot}\` entry, so ${need.label} are never updated. Add one.`
        : `Dependabot cannot update ${need.label}; configure Renovate for them.`,
    };
  };
}

export const r14 = defineRule({
  id: 'R14',
  title: 'Dependency update tool configured for language, actions and images',
  description:
    'Dependency update tool configured for the language, `github-actions` (or the CI system in use) and `docker`: `.github/dependabot.yml` with those ecosystems, or a Renovate configuration.',
  helpUri: scorecard('Dependency-Update-Tool'),
  severity: 'medium',
  check: repo => {
    const wanted = needs(repo);
    const renovate = renovateCheck(repo);
    const dependabot = dependabotCheck(repo);
    if (!renovate && !dependabot) {
      return [
        {
          file: '.github/dependabot.yml',
          message: `No dependency update tool is configured. Add \`.github/dependabot.yml\` or \`renovate.json\` covering ${
            wanted.map(w => w.label).join(', ') || 'the dependencies'
          }.`,
        },
      ];
    }
    if (renovate?.disabled && !dependabot) return [renovate.disabled];
    const findings: Finding[] = [];
    for (const need of wanted) {
      // A need is met when either tool present covers it.
      const problems = [renovate?.check(need), dependabot?.(need)];
      const present = [renovate, dependabot].filter(Boolean).length;
      const unmet = problems.filter((p): p is Finding => p !== undefined);
      if (unmet.length === present) findings.push(unmet[0]);
    }
    return findings;
  },
});
