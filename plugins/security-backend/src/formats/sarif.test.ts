import { sarifFormat } from './sarif';
import { collect, exampleReport } from './__testUtils__/collect';

const log = (runs: unknown[], extra: object = {}) =>
  JSON.stringify({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs, ...extra });

describe('sarifFormat', () => {
  it('reads ESLint SARIF produced from this repository', async () => {
    const text = exampleReport('security-portal.eslint.sarif');
    expect(sarifFormat.detect(text.toString('utf8', 0, 65536))).toBe(true);
    const out = await collect(sarifFormat, text, 997);
    expect(out.tools[0].name).toBe('ESLint');
    expect(out.findings.length).toBeGreaterThan(0);
    for (const f of out.findings) {
      expect(f.tool.name).toBe('ESLint');
      expect(f.type).toBe('quality');
      expect(f.severity).toMatch(/high|medium/);
      expect(f.location?.path).not.toMatch(/^file:/);
      expect(f.location?.startLine).toBeGreaterThan(0);
    }
  });

  it('reads secretlint SARIF produced from this repository as secrets', async () => {
    const out = await collect(sarifFormat, exampleReport('security-portal.secretlint.sarif'));
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({
      type: 'secret',
      severity: 'high',
      location: { path: 'examples/reports/sources/legacy-deploy.env', startLine: 3 },
    });
  });

  it('uses security-severity, CWE tags, rule text, fingerprints and suppressions', async () => {
    const rules = [
      {
        id: 'js/sql-injection',
        shortDescription: { text: 'Database query built from user-controlled sources' },
        helpUri: 'https://codeql.github.com/codeql-query-help/javascript/js-sql-injection/',
        properties: { 'security-severity': '8.8', tags: ['security', 'external/cwe/cwe-089'] },
      },
      { id: 'js/unused-local-variable', defaultConfiguration: { level: 'note' }, messageStrings: { default: { text: 'Unused {0}.' } } },
    ];
    const out = await collect(
      sarifFormat,
      log([
        {
          tool: { driver: { name: 'CodeQL', semanticVersion: '2.19.0', rules } },
          results: [
            {
              ruleId: 'js/sql-injection',
              ruleIndex: 0,
              message: { text: 'This query depends on a user-provided value.' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'src/db.js' }, region: { startLine: 42, snippet: { text: 'db.query(sql + id)' } } } }],
              partialFingerprints: { primaryLocationLineHash: 'abc:1' },
            },
            { ruleIndex: 1, message: { id: 'default', arguments: ['x'] }, suppressions: [{ kind: 'inSource', justification: 'kept for docs' }] },
            { ruleId: 'js/unused-local-variable', message: { text: 'gone' }, baselineState: 'absent' },
          ],
        },
      ]),
    );
    expect(out.tools).toEqual([{ name: 'CodeQL', version: '2.19.0' }]);
    expect(out.findings).toHaveLength(2);
    expect(out.findings[0]).toMatchObject({
      type: 'code',
      severity: 'high',
      cwe: ['CWE-89'],
      title: 'Database query built from user-controlled sources',
      helpUri: 'https://codeql.github.com/codeql-query-help/javascript/js-sql-injection/',
      location: { path: 'src/db.js', startLine: 42, snippet: 'db.query(sql + id)' },
      fingerprint: 'js/sql-injection|primaryLocationLineHash=abc:1',
    });
    expect(out.findings[1]).toMatchObject({
      ruleId: 'js/unused-local-variable',
      severity: 'low',
      message: 'Unused x.',
      status: 'suppressed',
      suppression: { kind: 'sarif:inSource', justification: 'kept for docs' },
    });
  });

  it('maps levels and scores onto the scale and classifies by tool', async () => {
    const run = (name: string, results: unknown[], rules: unknown[] = []) => ({ tool: { driver: { name, rules } }, results });
    const out = await collect(
      sarifFormat,
      log([
        run('Trivy', [{ ruleId: 'CVE-2021-44228', level: 'error', message: { text: 'log4j' } }]),
        run('gitleaks', [{ ruleId: 'aws-access-token', message: { text: 'key' } }]),
        run('Checkov', [{ ruleId: 'CKV_K8S_20', level: 'none', message: { text: 'allowPrivilegeEscalation' } }]),
        run('Semgrep', [{ ruleId: 'x', level: 'note', message: { text: 'n' }, properties: { 'security-severity': '9.5' } }]),
      ]),
    );
    expect(out.findings.map(f => [f.tool.name, f.type, f.severity, f.vulnerabilityId])).toEqual([
      ['Trivy', 'vulnerability', 'high', 'CVE-2021-44228'],
      ['gitleaks', 'secret', 'medium', undefined],
      ['Checkov', 'misconfiguration', 'info', undefined],
      ['Semgrep', 'code', 'critical', undefined],
    ]);
  });

  it('reads results that come before their run tool', async () => {
    const text = '{"version":"2.1.0","runs":[{"results":[{"ruleId":"r","message":{"text":"m"}}],"tool":{"driver":{"name":"Late"}}}]}';
    const out = await collect(sarifFormat, text, 5);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0].tool.name).toBe('Late');
  });

  it('reports tool notifications as warnings and still counts an empty run', async () => {
    const out = await collect(
      sarifFormat,
      log([
        {
          tool: { driver: { name: 'Bandit' } },
          invocations: [{ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: 'syntax error in a.py' } }] }],
          results: [],
        },
      ]),
    );
    expect(out.tools).toEqual([{ name: 'Bandit', version: undefined }]);
    expect(out.findings).toEqual([]);
    expect(out.warnings).toEqual([
      'A tool invocation reports that it did not run successfully',
      'Tool error: syntax error in a.py',
    ]);
  });

  it.each([
    ['an unknown version', '{"version":"3.0.0","runs":[]}', /Unsupported SARIF version "3.0.0"/],
    ['no runs', '{"version":"2.1.0"}', /no runs/],
    ['a run without a tool name', '{"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[]}]}', /tool.driver.name/],
    ['results without any tool', '{"version":"2.1.0","runs":[{"results":[{"ruleId":"r"}]}]}', /no tool/],
    ['truncated JSON', log([{ tool: { driver: { name: 'x' } }, results: [] }]).slice(0, -5), /truncated/],
    ['a wrong type for runs', '{"version":"2.1.0","runs":{"tool":1}}', /no runs/],
  ])('rejects %s', async (_name, text, message) => {
    await expect(collect(sarifFormat, text)).rejects.toThrow(message);
  });

  it('ignores results of the wrong shape instead of failing', async () => {
    const out = await collect(
      sarifFormat,
      log([{ tool: { driver: { name: 'x', rules: 'nope' } }, results: [1, 'two', null, { ruleId: 5, message: 'no' }] }]),
    );
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ ruleId: '5', title: '5' });
  });
});
