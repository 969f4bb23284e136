import { repoTester } from './checker/__testUtils__/fixtureRepo';
import { RULES } from './checker/rules';
import { CheckResult, Violation } from './checker/types';
import { SARIF_TOOL_NAME, toSarif } from './sarif';
import { STANDARD_VERSION } from './standard';

function result(
  violations: Violation[],
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    standardVersion: STANDARD_VERSION,
    recordedStandardVersion: '1',
    ciSystems: ['github'],
    violations,
    rules: [],
    warnings: [],
    ...extra,
  };
}

const violation = (
  line: number,
  message = '`actions/checkout@v4` follows the tag or branch `v4`',
): Violation => ({
  ruleId: 'R03',
  severity: 'high',
  file: '.github/workflows/ci.yml',
  line,
  message,
  ci: 'github',
});

describe('toSarif', () => {
  const repo = repoTester();

  it('describes the tool and every rule of the standard', () => {
    const log = toSarif(result([]), { version: '1.2.3' });
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toContain('sarif-2.1.0');
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0].tool;
    expect(driver.name).toBe('security-pipeline-rules');
    expect(SARIF_TOOL_NAME).toBe('security-pipeline-rules');
    expect(driver.version).toBe('1.2.3');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules?.map(r => r.id)).toEqual(
      Array.from(
        { length: 28 },
        (_, i) => `R${String(i + 1).padStart(2, '0')}`,
      ),
    );
    for (const rule of driver.rules ?? []) {
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.helpUri).toMatch(/^https:\/\//);
      expect(Number(rule.properties?.['security-severity'])).toBeGreaterThan(0);
      expect(rule.properties?.tags).toEqual([
        'security',
        'supply-chain',
        'drift',
      ]);
    }
    expect(
      driver.rules?.find(r => r.id === 'R05')?.properties?.[
        'security-severity'
      ],
    ).toBe('9.5');
    expect(RULES).toHaveLength(28);
  });

  it('reports no results for a clean repository, so earlier findings count as fixed', () => {
    const log = toSarif(result([]), { version: '1.0.0' });
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].properties).toEqual(
      expect.objectContaining({
        standardVersion: STANDARD_VERSION,
        recordedStandardVersion: '1',
        ciSystems: ['github'],
      }),
    );
  });

  it('turns each violation into a located result', () => {
    const log = toSarif(
      result([
        violation(12),
        {
          ruleId: 'R22',
          severity: 'medium',
          file: 'SECURITY.md',
          message: 'No SECURITY.md',
        },
        {
          ruleId: 'R10',
          severity: 'medium',
          file: '.',
          message: 'No CI configuration found',
        },
        {
          ruleId: 'R07',
          severity: 'low',
          file: '.github/workflows/ci.yml',
          line: 3,
          message: 'No timeout',
        },
      ]),
      { version: '1.0.0' },
    );
    const [first, second, third, fourth] = log.runs[0].results ?? [];
    expect(first).toEqual({
      ruleId: 'R03',
      ruleIndex: 2,
      level: 'error',
      message: { text: violation(12).message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: {
              uri: '.github/workflows/ci.yml',
              uriBaseId: '%SRCROOT%',
            },
            region: { startLine: 12 },
          },
        },
      ],
      partialFingerprints: {
        'securityPipelineRules/v1': expect.stringMatching(/^[0-9a-f]{64}:1$/),
      },
      properties: { ci: 'github' },
    });
    expect(second.level).toBe('warning');
    expect(second.locations?.[0].physicalLocation?.region).toBeUndefined();
    expect(third.locations).toBeUndefined();
    expect(fourth.level).toBe('note');
  });

  it('keeps fingerprints stable when lines move, and apart for repeats and other files', () => {
    const fingerprint = (vs: Violation[]) =>
      toSarif(result(vs), { version: '1' }).runs[0].results?.map(
        r => r.partialFingerprints?.['securityPipelineRules/v1'],
      );
    const [before] = fingerprint([violation(12)])!;
    const [after] = fingerprint([violation(40)])!;
    expect(after).toBe(before);
    const [reworded] = fingerprint([
      violation(12, '`actions/checkout@v4`   follows the TAG or branch `v4`'),
    ])!;
    expect(reworded).toBe(before);
    const repeated = fingerprint([violation(12), violation(30)])!;
    expect(repeated[0]).toBe(before);
    expect(repeated[1]).toBe(before?.replace(/:1$/, ':2'));
    const [otherFile] = fingerprint([
      { ...violation(12), file: '.github/workflows/release.yml' },
    ])!;
    expect(otherFile).not.toBe(before);
  });

  it('carries the checker warnings as notifications', async () => {
    const checked = await repo.check('github', {
      'catalog-info.yaml': [
        ['pipeline-standard: "1"', 'pipeline-standard: "0"'],
      ],
    });
    const log = toSarif(checked, { version: '1.0.0' });
    expect(log.runs[0].invocations?.[0].toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: expect.stringContaining('older than the current') },
      },
    ]);
    expect(log.runs[0].properties?.recordedStandardVersion).toBe('0');
    expect(log.runs[0].properties?.notApplicable).toEqual([
      { id: 'R21', reason: expect.stringContaining('template') },
    ]);
  });
});
