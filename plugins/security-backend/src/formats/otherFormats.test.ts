import { grypeFormat } from './grype';
import { openvexFormat } from './openvex';
import { spdxFormat } from './spdx';
import { trivyFormat } from './trivy';
import { builtInFormats } from '.';
import { collect, exampleReport } from './__testUtils__/collect';

describe('spdxFormat', () => {
  it('reads packages, purls, licenses, checksums and relationships', async () => {
    const out = await collect(spdxFormat, exampleReport('checkout-web.spdx.json'), 333);
    expect(out.tools).toEqual([{ name: 'syft', version: '0.100.0' }]);
    expect(out.components).toHaveLength(10);
    expect(out.components[0]).toMatchObject({ name: 'checkout-web', licenses: ['UNLICENSED'], type: 'application' });
    expect(out.components[1]).toMatchObject({ name: 'react', purl: 'pkg:npm/react@18.2.0', licenses: ['MIT'], hashes: { SHA512: expect.any(String) } });
    expect(out.components.find(c => c.name === 'libssl3')?.licenses).toEqual(['Apache-2.0']);
    expect(out.roots).toEqual(['SPDXRef-Package-checkout-web']);
    expect(out.edges).toContainEqual(['SPDXRef-Package-checkout-web', 'SPDXRef-Package-npm-react-18.2.0']);
  });

  it('rejects other SPDX versions', async () => {
    await expect(collect(spdxFormat, '{"spdxVersion":"SPDX-3.0","packages":[]}')).rejects.toThrow(/Unsupported spdxVersion/);
    await expect(collect(spdxFormat, '{"packages":[]}')).rejects.toThrow(/no spdxVersion/);
  });
});

describe('trivyFormat', () => {
  it('reads vulnerabilities, misconfigurations and secrets, without the secret text', async () => {
    const out = await collect(trivyFormat, exampleReport('payments-api.trivy.json'), 1000);
    expect(out.findings.map(f => f.type)).toEqual([
      ...Array(7).fill('vulnerability'),
      'misconfiguration',
      'misconfiguration',
      'secret',
    ]);
    const log4j = out.findings.find(f => f.vulnerabilityId === 'CVE-2021-44228');
    expect(log4j).toMatchObject({
      severity: 'critical',
      package: { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', installedVersion: '2.14.1', fixedVersion: '2.15.0, 2.3.1, 2.12.2' },
      location: { path: 'Java' },
      cwe: ['CWE-20', 'CWE-400', 'CWE-502', 'CWE-917'],
    });
    const secret = out.findings.at(-1)!;
    expect(secret).toMatchObject({ ruleId: 'aws-access-key-id', severity: 'critical', location: { startLine: 12 } });
    expect(JSON.stringify(secret)).not.toContain('access-key:');
  });

  it('rejects other schema versions', async () => {
    await expect(collect(trivyFormat, '{"SchemaVersion":1,"Results":[]}')).rejects.toThrow(/Unsupported Trivy SchemaVersion 1/);
  });
});

describe('grypeFormat', () => {
  it('reads matches with package, fix and the version from the descriptor', async () => {
    const out = await collect(grypeFormat, exampleReport('checkout-web.grype.json'), 500);
    expect(out.tools.at(-1)).toEqual({ name: 'grype', version: '0.74.0' });
    expect(out.findings).toHaveLength(4);
    expect(out.findings[0]).toMatchObject({
      vulnerabilityId: 'GHSA-c2qf-rxjj-qqgw',
      severity: 'medium',
      package: { purl: 'pkg:npm/semver@7.3.8', fixedVersion: '7.5.2' },
      location: { path: '/usr/src/app/node_modules/semver/package.json' },
    });
    expect(out.findings[3]).toMatchObject({ severity: 'info', package: { fixedVersion: undefined } });
  });
});

describe('openvexFormat', () => {
  it('reads statements with subcomponents and justifications', async () => {
    const out = await collect(openvexFormat, exampleReport('payments-api.openvex.json'));
    expect(out.vex).toEqual([
      {
        vulnerabilityId: 'CVE-2022-37434',
        products: ['pkg:deb/debian/zlib1g@1.2.11.dfsg-2%2Bdeb11u1?arch=amd64&epoch=1&distro=debian-11.6'],
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        impactStatement: 'No component of the image calls inflateGetHeader.',
      },
      expect.objectContaining({ vulnerabilityId: 'CVE-2022-4415', products: [] }),
    ]);
  });

  it('skips statements with unknown status and rejects other documents', async () => {
    const out = await collect(openvexFormat, '{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":"CVE-1","status":"maybe"}]}');
    expect(out.vex).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    await expect(collect(openvexFormat, '{"statements":[]}')).rejects.toThrow(/no @context/);
  });
});

describe('format detection', () => {
  it.each([
    ['security-portal.eslint.sarif', 'sarif'],
    ['security-portal.cdx.json', 'cyclonedx'],
    ['checkout-web.spdx.json', 'spdx'],
    ['payments-api.trivy.json', 'trivy'],
    ['checkout-web.grype.json', 'grype'],
    ['payments-api.openvex.json', 'openvex'],
  ])('recognises %s as %s and nothing else', (file, id) => {
    const head = exampleReport(file).toString('utf8', 0, 65536);
    expect(builtInFormats.filter(f => f.detect(head)).map(f => f.id)).toEqual([id]);
  });
});
