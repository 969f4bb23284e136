import { cyclonedxFormat } from './cyclonedx';
import { collect, exampleReport } from './__testUtils__/collect';

const bom = (extra: object, specVersion = '1.5') =>
  JSON.stringify({ bomFormat: 'CycloneDX', specVersion, version: 1, ...extra });

describe('cyclonedxFormat', () => {
  it('reads the SBOM cyclonedx-npm made of this repository, nested components included', async () => {
    const text = exampleReport('security-portal.cdx.json');
    expect(cyclonedxFormat.detect(text.toString('utf8', 0, 65536))).toBe(true);
    const out = await collect(cyclonedxFormat, text, 65536);
    const doc = JSON.parse(text.toString('utf8'));
    const countNested = (list: any[]): number =>
      list.reduce((n, c) => n + 1 + countNested(c.components ?? []), 0);
    expect(out.components).toHaveLength(countNested(doc.components));
    expect(out.components.length).toBeGreaterThan(doc.components.length);
    expect(out.tools[0].name).toBe('cyclonedx-npm');
    expect(out.roots).toEqual([doc.metadata.component['bom-ref']]);
    expect(out.edges.length).toBeGreaterThan(100);
    const knex = out.components.find(c => c.name === 'knex');
    expect(knex).toMatchObject({ licenses: ['MIT'], purl: expect.stringMatching(/^pkg:npm\/knex@/) });
  });

  it('turns embedded vulnerabilities into findings with VEX analysis states', async () => {
    const out = await collect(
      cyclonedxFormat,
      bom({
        metadata: { tools: { components: [{ name: 'npm' }, { name: 'trivy', version: '0.56.0' }] } },
        components: [{ 'bom-ref': 'pkg:npm/lodash@4.17.20', name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20', licenses: [{ expression: 'MIT OR Apache-2.0' }] }],
        vulnerabilities: [
          {
            id: 'CVE-2021-23337',
            source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337' },
            ratings: [{ score: 7.2, severity: 'high', method: 'CVSSv31' }, { severity: 'medium' }],
            cwes: [94],
            description: 'Command injection via template',
            affects: [{ ref: 'pkg:npm/lodash@4.17.20', versions: [{ version: '4.17.21', status: 'unaffected' }] }],
            analysis: { state: 'not_affected', justification: 'code_not_reachable', detail: 'template() unused' },
          },
          { id: 'CVE-2020-8203', ratings: [{ score: 9.1 }], affects: [{ ref: 'pkg:npm/other@1.0.0' }], analysis: { state: 'exploitable' } },
          { ratings: [{ severity: 'low' }] },
        ],
      }),
    );
    expect(out.tools.at(-1)).toEqual({ name: 'trivy', version: '0.56.0' });
    expect(out.components[0].licenses).toEqual(['MIT OR Apache-2.0']);
    expect(out.findings).toHaveLength(2);
    expect(out.findings[0]).toMatchObject({
      type: 'vulnerability',
      vulnerabilityId: 'CVE-2021-23337',
      severity: 'high',
      cwe: ['CWE-94'],
      package: { name: 'lodash', installedVersion: '4.17.20', fixedVersion: '4.17.21' },
      status: 'suppressed',
      suppression: { kind: 'vex:not_affected', justification: 'code_not_reachable: template() unused' },
    });
    expect(out.findings[1]).toMatchObject({
      severity: 'critical',
      status: undefined,
      package: { purl: 'pkg:npm/other@1.0.0', name: 'other', installedVersion: '1.0.0' },
    });
    expect(out.warnings).toEqual(['A CycloneDX vulnerability without an id was skipped']);
  });

  it('accepts 1.4 to 1.7 and rejects other versions and other documents', async () => {
    for (const v of ['1.4', '1.6', '1.7']) {
      const out = await collect(cyclonedxFormat, bom({ components: [{ name: `lib-${v}` }] }, v));
      expect(out.components.map(c => c.name)).toEqual([`lib-${v}`]);
    }
    await expect(collect(cyclonedxFormat, bom({}, '2.0'))).rejects.toThrow(/Unsupported CycloneDX specVersion "2.0"/);
    await expect(collect(cyclonedxFormat, '{"bomFormat":"SPDX"}')).rejects.toThrow(/not CycloneDX/);
    await expect(collect(cyclonedxFormat, '{"components":[]}')).rejects.toThrow(/no bomFormat/);
    await expect(collect(cyclonedxFormat, bom({ components: [{ name: 'a' }] }).slice(0, 60))).rejects.toThrow(/truncated/);
  });

  it('skips components of the wrong shape and deep nesting stays iterative', async () => {
    let nested: any = { name: 'leaf' };
    for (let i = 0; i < 200; i++) nested = { name: `c${i}`, components: [nested] };
    const out = await collect(cyclonedxFormat, bom({ components: [nested, 5, { version: '1' }, { name: ['x'] }] }));
    expect(out.components).toHaveLength(201);
  });
});
