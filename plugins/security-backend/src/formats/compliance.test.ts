import { collect } from './__testUtils__/collect';
import { complianceOperatorFormat } from './complianceOperator';
import { kubeBenchFormat } from './kubeBench';
import { kubescapeFormat } from './kubescape';
import { oscalAssessmentResultsFormat } from './oscal';
import { xccdfFormat } from './xccdf';
import { policyReportFormat } from './policyReport';
import { countBy, detect, fixture } from './__testUtils__/complianceFixtures';

describe('kubeBenchFormat', () => {
  it('reads every check of a real kube-bench run with its status, node type and remediation', async () => {
    const bytes = fixture('kube-bench-output.json');
    expect(detect(bytes)).toBe('kube-bench');
    const out = await collect(kubeBenchFormat, bytes);
    expect(out.controls).toHaveLength(122);
    // the run's own totals: 37 pass, 36 fail, 49 warn
    expect(countBy(out.controls, c => c.status)).toEqual({ pass: 37, fail: 36, warn: 49 });
    expect(out.controls[0]).toMatchObject({
      tool: { name: 'kube-bench' },
      controlId: '1.1.1',
      benchmark: '1.6',
      title: expect.stringContaining('API server pod specification file permissions'),
      evidence: [expect.objectContaining({ resource: 'node/master', field: 'Master Node Configuration Files' })],
      remediation: expect.stringContaining('chmod'),
    });
  });

  it('reads kube-bench test data with totals', async () => {
    const out = await collect(kubeBenchFormat, fixture('kube-bench-result.json'));
    const doc = JSON.parse(fixture('kube-bench-result.json').toString('utf8'));
    const tests = doc.Controls.flatMap((c: any) => c.tests.flatMap((t: any) => t.results));
    expect(out.controls).toHaveLength(tests.length);
  });

  it('reads the bare list of controls older kube-bench versions print', async () => {
    const bytes = fixture('kube-bench-controls-array.json');
    expect(detect(bytes)).toBe('kube-bench');
    const out = await collect(kubeBenchFormat, bytes);
    const doc = JSON.parse(bytes.toString('utf8'));
    expect(out.controls).toHaveLength(doc.flatMap((c: any) => c.tests.flatMap((t: any) => t.results)).length);
  });

  it('rejects a report without controls', async () => {
    await expect(collect(kubeBenchFormat, '{"Controls": 3}')).rejects.toThrow(/no Controls list/);
    await expect(collect(kubeBenchFormat, '{"Controls": [')).rejects.toThrow(/not valid JSON/);
  });
});

describe('policyReportFormat', () => {
  it('reads a Kyverno v1beta1 report: result, severity, category and the resource', async () => {
    const bytes = fixture('sample-v1beta1-kyverno.yaml');
    expect(detect(bytes)).toBe('policy-report');
    const out = await collect(policyReportFormat, bytes);
    expect(out.controls).toEqual([
      {
        tool: { name: 'kyverno' },
        controlId: 'disallow-capabilities/adding-capabilities',
        benchmark: 'Pod Security Standards (Baseline)',
        title: 'disallow-capabilities: adding-capabilities',
        status: 'pass',
        severity: 'medium',
        evidence: [
          {
            resource: 'Pod/nirmata/kyverno-6d88f6dcdd-k6bc5',
            message: "validation rule 'adding-capabilities' passed.",
          },
        ],
      },
    ]);
  });

  it('reads a kubectl List of v1alpha1 reports from the kube-bench adapter', async () => {
    const bytes = fixture('kube-bench-adapter-policy-report.yaml');
    expect(detect(bytes)).toBe('policy-report');
    const out = await collect(policyReportFormat, bytes);
    expect(out.controls.length).toBeGreaterThan(100);
    expect(new Set(out.controls.map(c => c.status))).toEqual(new Set(['pass', 'fail', 'warn']));
  });

  it('skips, with a warning, results that state no outcome (the prototype Trivy adapter omits it)', async () => {
    const bytes = fixture('trivy-adapter-policyreport.json');
    expect(detect(bytes)).toBe('policy-report');
    const out = await collect(policyReportFormat, bytes);
    expect(out.controls).toEqual([]);
    expect(out.warnings).toHaveLength(14);
  });

  it('numbers the kube-bench adapter\'s checks by their index', async () => {
    const out = await collect(policyReportFormat, fixture('kube-bench-adapter-policy-report.yaml'));
    expect(new Set(out.controls.map(c => c.controlId)).size).toBe(out.controls.length);
    expect(out.controls[0].controlId).toMatch(/\/1\.1\.1$/);
  });

  it('reads a report that starts with a byte-order mark, and severities kept in properties', async () => {
    const armor = await collect(policyReportFormat, fixture('kubearmor-adapter-bom.yaml'));
    expect(armor.controls.map(c => c.status)).toEqual(['fail', 'fail', 'fail']);
    const falco = await collect(policyReportFormat, fixture('sample-falco-policy.yaml'));
    expect(falco.controls.some(c => c.severity !== undefined)).toBe(true);
  });

  it('reads YAML of Falco and the Compliance Operator', async () => {
    for (const name of ['sample-falco-policy.yaml', 'sample-co.yaml']) {
      const out = await collect(policyReportFormat, fixture(name));
      expect([name, out.controls.length > 0]).toEqual([name, true]);
      expect(out.controls.every(c => ['pass', 'fail', 'warn', 'error', 'skip'].includes(c.status))).toBe(true);
    }
  });

  it.each([
    ['another kind', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n', /Expected a wgpolicyk8s.io PolicyReport or ClusterPolicyReport, found Deployment/],
    ['invalid YAML', 'apiVersion: wgpolicyk8s.io/v1alpha2\nkind: PolicyReport\nresults: [\n', /not valid YAML/],
    [
      'a billion laughs',
      `apiVersion: wgpolicyk8s.io/v1alpha2\nkind: PolicyReport\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nresults: []\n`,
      /could not be read/,
    ],
    ['deep nesting', `apiVersion: wgpolicyk8s.io/v1alpha2\nkind: PolicyReport\nx: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, /could not be read|not valid YAML/],
    ['an empty document', '', /no Policy Report/],
  ])('rejects %s', async (_name, text, message) => {
    await expect(collect(policyReportFormat, text)).rejects.toThrow(message);
  });

  it('ignores __proto__ keys and skips results without a known outcome', async () => {
    const out = await collect(
      policyReportFormat,
      JSON.stringify({
        apiVersion: 'wgpolicyk8s.io/v1alpha2',
        kind: 'ClusterPolicyReport',
        results: [
          JSON.parse('{"__proto__": {"polluted": true}, "policy": "p", "result": "fail"}'),
          { policy: 'q', result: 'maybe' },
        ],
      }),
    );
    expect(out.controls.map(c => c.controlId)).toEqual(['p']);
    expect(out.warnings).toHaveLength(1);
    expect(({} as any).polluted).toBeUndefined();
  });
});

describe('complianceOperatorFormat', () => {
  it('reads an `oc get ccr -o yaml` List with status, severity, warnings and instructions', async () => {
    const bytes = fixture('ccr-list.yaml');
    expect(detect(bytes)).toBe('compliance-operator');
    const out = await collect(complianceOperatorFormat, bytes);
    expect(out.controls.map(c => c.status)).toEqual(['fail', 'pass']);
    expect(out.controls[0]).toMatchObject({
      tool: { name: 'compliance-operator' },
      controlId: 'xccdf_org.ssgproject.content_rule_configure_network_policies_namespaces',
      benchmark: 'cel-scanner-tp',
      title: 'Use network policies to isolate traffic in your cluster network.',
      severity: 'high',
      evidence: [{ resource: 'ComplianceScan/cel-scanner-tp', message: 'Application Namespaces do not have Network Policies defined.' }],
      remediation: expect.stringContaining('NetworkPolicy'),
    });
  });

  it('reads a single object', async () => {
    const out = await collect(complianceOperatorFormat, fixture('ccr-single.yaml'));
    expect(out.controls).toEqual([
      expect.objectContaining({ controlId: 'xccdf_org.ssgproject.content_rule_no_direct_root_logins', status: 'fail', severity: 'medium', title: 'Direct root Logins Not Allowed' }),
    ]);
  });

  it('maps every Compliance Operator status and rejects other kinds', async () => {
    const statuses = ['PASS', 'FAIL', 'ERROR', 'INCONSISTENT', 'MANUAL', 'INFO', 'NOT-APPLICABLE'];
    const docs = statuses
      .map(s => `apiVersion: compliance.openshift.io/v1alpha1\nkind: ComplianceCheckResult\nid: rule_${s}\nstatus: ${s}\n`)
      .join('---\n');
    const out = await collect(complianceOperatorFormat, docs);
    expect(out.controls.map(c => c.status)).toEqual(['pass', 'fail', 'error', 'warn', 'skip', 'skip', 'skip']);
    await expect(
      collect(complianceOperatorFormat, 'apiVersion: compliance.openshift.io/v1alpha1\nkind: ComplianceScan\n'),
    ).rejects.toThrow(/Expected ComplianceCheckResult objects, found ComplianceScan/);
    await expect(collect(complianceOperatorFormat, 'apiVersion: v1\nkind: List\nitems: []\n')).rejects.toThrow(/holds no ComplianceCheckResult/);
  });
});

describe('kubescapeFormat', () => {
  it('reads a real Kubescape v3 scan: one result per control, failing resources as evidence', async () => {
    const bytes = fixture('kubescape-v3.json');
    expect(detect(bytes)).toBe('kubescape');
    const out = await collect(kubescapeFormat, bytes);
    expect(countBy(out.controls, c => c.status)).toEqual({ pass: 91, skip: 56, fail: 34 });
    const cpu = out.controls.find(c => c.controlId === 'C-0050');
    expect(cpu).toMatchObject({
      tool: { name: 'kubescape' },
      title: 'Resources CPU limit and request',
      benchmark: 'Workload',
      status: 'fail',
      severity: 'high',
    });
    expect(cpu!.evidence).toContainEqual({ resource: 'batch/v1/kube-system/Job/helm-install-traefik-crd' });
    const skipped = out.controls.find(c => c.controlId === 'C-0066');
    expect(skipped?.evidence).toEqual([{ message: 'failed to get cloud provider, cluster: k3d-k3dlocal' }]);
  });

  it('rejects a report without controls', async () => {
    await expect(collect(kubescapeFormat, '{"summaryDetails": {"frameworks": []}}')).rejects.toThrow(/no summaryDetails.controls/);
  });
});

describe('oscalAssessmentResultsFormat', () => {
  it("reads NIST's assessment-results example: a not-satisfied objective with its observations", async () => {
    const bytes = fixture('oscal-ar-nist-ifa.json');
    expect(detect(bytes)).toBe('oscal-assessment-results');
    const out = await collect(oscalAssessmentResultsFormat, bytes);
    expect(out.controls).toEqual([
      expect.objectContaining({
        controlId: 'ac-6.1_obj',
        status: 'fail',
        title: "GoodRead AwesomeCloud Account's System Engineer Role Permits High Risk Actions",
        evidence: expect.arrayContaining([
          expect.objectContaining({ field: 'AwesomeCloud IAM Roles Test - GoodRead System Engineer Role' }),
        ]),
      }),
    ]);
  });

  it('reads check outcomes that compliance-trestle writes into observations', async () => {
    const out = await collect(oscalAssessmentResultsFormat, fixture('oscal-ar-trestle-cis-k8s.json'));
    expect(out.controls.map(c => [c.controlId, c.status])).toEqual([
      ['api-server:anonymous-auth', 'warn'],
      ['api-server:basic-auth-file', 'fail'],
      ['api-server:token-auth-file', 'warn'],
    ]);
    expect(out.controls[1].title).toBe('ensure that --basic-auth-file argument is not set');
  });

  it('rejects another OSCAL model', async () => {
    await expect(collect(oscalAssessmentResultsFormat, '{"catalog": {}, "x": {"assessment-results": 1}}')).rejects.toThrow(
      /not an OSCAL assessment-results document/,
    );
  });
});

describe('xccdfFormat', () => {
  it('streams a real Compliance Operator XCCDF 1.2 TestResult: results, severities, profile', async () => {
    const bytes = fixture('xccdf-compliance-operator.xml');
    expect(detect(bytes)).toBe('xccdf');
    const out = await collect(xccdfFormat, bytes, 1000);
    // 464 rule-results, 229 of them not selected by the profile
    expect(out.controls).toHaveLength(235);
    expect(countBy(out.controls, c => c.status)).toEqual({ fail: 193, pass: 32, error: 4, skip: 6 });
    expect(out.controls[0]).toMatchObject({
      tool: { name: 'openscap' },
      controlId: 'xccdf_org.ssgproject.content_rule_selinux_policytype',
      benchmark: 'moderate',
      title: 'selinux_policytype',
      severity: 'high',
      evidence: [expect.objectContaining({ resource: 'chroot:///host' })],
    });
  });

  it('reads a TestResult inside its Benchmark, with the Rule fixes as remediation', async () => {
    const out = await collect(xccdfFormat, fixture('xccdf-openscap-benchmark.xml'));
    expect(out.controls.map(c => [c.controlId, c.title, c.status, c.remediation])).toEqual([
      ['xccdf_moc.elpmaxe.www_rule_1', '1', 'fail', 'echo'],
      ['xccdf_moc.elpmaxe.www_rule_2', '2', 'pass', 'bad'],
    ]);
  });

  it('takes titles from the Benchmark rules', async () => {
    const xml = `<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="b"><Rule id="xccdf_org.example_rule_r1"><title>Disable <![CDATA[telnet]]></title></Rule><TestResult id="t"><profile idref="xccdf_org.example_profile_pci-dss"/><rule-result idref="xccdf_org.example_rule_r1" severity="low"><result>fail</result><message>telnet is enabled</message></rule-result></TestResult></Benchmark>`;
    const out = await collect(xccdfFormat, xml, 7);
    expect(out.controls).toEqual([
      expect.objectContaining({ title: 'Disable telnet', benchmark: 'pci-dss', severity: 'low', evidence: [{ resource: undefined, message: 'telnet is enabled' }] }),
    ]);
  });

  it('reads results after prose that quotes markup, in comments and CDATA', async () => {
    const xml = `<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="b"><Rule id="r1"><title>One</title><description>Use <![CDATA[</description>]]> and <!-- </description> --> with care</description><fix>do it</fix></Rule><!-- <description> --><TestResult id="t"><rule-result idref="r1"><result>fail</result></rule-result></TestResult></Benchmark>`;
    for (const chunkSize of [1, 5, 64]) {
      const out = await collect(xccdfFormat, xml, chunkSize);
      expect(out.controls).toEqual([expect.objectContaining({ controlId: 'r1', title: 'One', status: 'fail', remediation: 'do it' })]);
    }
  });

  it.each([
    [
      'an external entity',
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><TestResult xmlns="http://checklists.nist.gov/xccdf/1.2"><rule-result idref="a"><result>&xxe;</result></rule-result></TestResult>`,
      /DOCTYPE is not accepted/,
    ],
    [
      'a billion laughs',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><TestResult xmlns="http://checklists.nist.gov/xccdf/1.2"><title>&lol2;</title></TestResult>`,
      /DOCTYPE is not accepted/,
    ],
    ['an undeclared entity', `<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2"><title>&nope;</title></TestResult>`, /undefined entity|nope/],
    ['deep nesting', `<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2">${'<a>'.repeat(300)}${'</a>'.repeat(300)}</TestResult>`, /nests deeper than 256/],
    ['truncated XML', `<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2"><rule-result idref="a"><result>pass`, /unclosed|not closed|end/i],
    [
      'a description left open',
      `<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="b"><description>open<TestResult id="t"><rule-result idref="a"><result>pass</result></rule-result></TestResult></Benchmark>`,
      /unclosed|not closed|end/i,
    ],
    ['a document without results', `<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="b"/>`, /no TestResult/],
    ['an unknown result', `<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2"><rule-result idref="a"><result>maybe</result></rule-result></TestResult>`, /unknown result \(maybe\)/],
  ])('rejects %s', async (_name, text, message) => {
    await expect(collect(xccdfFormat, text)).rejects.toThrow(message);
  });
});
