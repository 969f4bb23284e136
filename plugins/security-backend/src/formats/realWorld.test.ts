import { builtInFormats } from '.';
import { FindingInput } from '@devsecops/plugin-security-node';
import { FindingFingerprints } from '../database/FindingFingerprints';
import { collect, realFixture } from './__testUtils__/collect';

/** Reports produced by real tools in public repositories; see __fixtures__/real/SOURCES.md. */
async function parseReal(file: string) {
  const text = realFixture(file);
  const detected = builtInFormats.filter(f => f.detect(text.toString('utf8', 0, 65536)));
  expect(detected).toHaveLength(1);
  return { id: detected[0].id, out: await collect(detected[0], text, 8192), doc: JSON.parse(text.toString('utf8')) };
}

function distinctFingerprints(findings: FindingInput[]) {
  const fingerprints = new FindingFingerprints();
  return new Set(findings.map(f => fingerprints.of(f, f.tool.name))).size;
}

describe('real-world reports', () => {
  it('CodeQL: security-severity, CWE tags and partial fingerprints', async () => {
    const { id, out } = await parseReal('codeql.sarif');
    expect(id).toBe('sarif');
    expect(out.findings).toHaveLength(7);
    expect(out.findings.every(f => f.type === 'code' && f.fingerprint)).toBe(true);
    const xss = out.findings.find(f => f.ruleId === 'js/reflected-xss');
    expect(xss).toMatchObject({ severity: 'medium', cwe: expect.arrayContaining(['CWE-79']) });
    // Two js/incomplete-sanitization results share line and fingerprints: one finding, as
    // code scanning counts them.
    expect(distinctFingerprints(out.findings)).toBe(6);
  });

  it('CodeQL: rules that live in tool extensions', async () => {
    const { out } = await parseReal('codeql-extensions.sarif');
    expect(out.findings).toHaveLength(2);
    expect(out.findings[0]).toMatchObject({ ruleId: 'py/sql-injection', severity: 'high', cwe: expect.arrayContaining(['CWE-89']) });
  });

  it('Semgrep: results listed before the tool, notifications as warnings', async () => {
    const { out } = await parseReal('semgrep.sarif');
    expect(out.findings).toHaveLength(30);
    expect(out.findings.every(f => f.tool.name === 'Semgrep OSS' && f.type === 'code')).toBe(true);
    expect(out.warnings.length).toBeGreaterThan(0);
  });

  it('Trivy SARIF: CVE rule ids become vulnerabilities of the packages its messages name', async () => {
    const { out } = await parseReal('trivy.sarif');
    expect(out.findings).toHaveLength(24);
    expect(out.findings.every(f => f.type === 'vulnerability' && /^(CVE|GHSA)-/.test(f.vulnerabilityId ?? ''))).toBe(true);
    expect(out.findings[0].package).toEqual({ name: 'linux-libc-dev', installedVersion: '6.1.137-1', fixedVersion: '6.1.140-1' });
    expect(out.findings.every(f => f.package?.name && f.package.installedVersion)).toBe(true);
    // one CVE in two packages of the image, without fingerprints, all at line 1: two findings
    const [first] = out.findings;
    const otherPackage = { ...first, message: first.message!.replace('linux-libc-dev', 'linux-headers'), package: { ...first.package, name: 'linux-headers' } };
    expect(distinctFingerprints([first, otherPackage])).toBe(2);
    expect(distinctFingerprints(out.findings)).toBe(24);
  });

  it('Checkov SARIF: misconfigurations', async () => {
    const { out } = await parseReal('checkov.sarif');
    expect(out.findings).toHaveLength(135);
    expect(new Set(out.findings.map(f => f.type))).toEqual(new Set(['misconfiguration']));
    expect(out.findings.every(f => f.location?.path)).toBe(true);
    expect(distinctFingerprints(out.findings)).toBe(135);
    // Checkov quotes the whole resource: fixing one of its checks edits the block, and the
    // others on that resource must keep their identities.
    const sharing = (f: FindingInput) => out.findings.filter(o => o.location?.snippet === f.location?.snippet);
    const onBlock = out.findings.map(sharing).sort((a, b) => b.length - a.length)[0];
    expect(onBlock.length).toBeGreaterThan(1);
    const edited = onBlock.map(f => ({ ...f, location: { ...f.location!, snippet: `${f.location!.snippet}\n  encrypted = true` } }));
    const fingerprints = new FindingFingerprints();
    const before = onBlock.map(f => fingerprints.of(f, 'checkov'));
    const again = new FindingFingerprints();
    expect(edited.map(f => again.of(f, 'checkov'))).toEqual(before);
  });

  it('gitleaks SARIF: secrets', async () => {
    const { out } = await parseReal('gitleaks.sarif');
    expect(out.findings).toHaveLength(3);
    expect(out.findings.every(f => f.type === 'secret')).toBe(true);
  });

  it('CycloneDX with dep-scan vulnerabilities: affects and analysis states', async () => {
    const { id, out, doc } = await parseReal('cyclonedx-vex.json');
    expect(id).toBe('cyclonedx');
    expect(out.components).toHaveLength(doc.components.length);
    const affected = doc.vulnerabilities.reduce((n: number, v: any) => n + Math.max(1, v.affects?.length ?? 0), 0);
    expect(out.findings).toHaveLength(affected);
    expect(out.findings.every(f => f.package?.name && f.status !== 'suppressed')).toBe(true);
  });

  it('CycloneDX from cyclonedx-npm: nested components and the graph', async () => {
    const { out } = await parseReal('cyclonedx-sbom.json');
    expect(out.components).toHaveLength(52);
    expect(out.roots).toHaveLength(1);
    expect(out.edges.length).toBeGreaterThan(0);
  });

  it('SPDX from syft: packages with purls', async () => {
    const { id, out } = await parseReal('spdx.json');
    expect(id).toBe('spdx');
    expect(out.components).toHaveLength(44);
    expect(out.components.every(c => c.purl?.startsWith('pkg:cargo/'))).toBe(true);
    expect(out.tools).toEqual([{ name: 'syft', version: '0.83.0' }]);
  });

  it('Trivy JSON: image vulnerabilities and config misconfigurations', async () => {
    const image = await parseReal('trivy.json');
    expect(image.id).toBe('trivy');
    expect(image.out.findings).toHaveLength(11);
    expect(image.out.findings.every(f => f.package?.installedVersion)).toBe(true);
    const config = await parseReal('trivy-config.json');
    expect(config.out.findings).toHaveLength(12);
    expect(config.out.findings.every(f => f.type === 'misconfiguration')).toBe(true);
  });

  it('Grype JSON: matches of every kind, version from the descriptor', async () => {
    const { id, out } = await parseReal('grype.json');
    expect(id).toBe('grype');
    expect(out.findings).toHaveLength(30);
    expect(out.tools.at(-1)).toEqual({ name: 'grype', version: '0.86.1' });
    expect(out.findings.filter(f => f.package?.name === 'redis')).toHaveLength(5);
  });

  it('OpenVEX from Trivy: not_affected statements with subcomponents', async () => {
    const { id, out } = await parseReal('openvex.json');
    expect(id).toBe('openvex');
    expect(out.vex).toHaveLength(15);
    expect(out.vex.every(s => s.status === 'not_affected' && s.products.length > 0)).toBe(true);
  });
});
