import { recordStandardAnnotation } from './recordStandard';

describe('recordStandardAnnotation', () => {
  it('adds the annotation after the existing ones, keeping comments and formatting', () => {
    const text = `# The service's catalog entry
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api   # do not rename
  annotations:
    github.com/project-slug: example-org/payments-api
    backstage.io/techdocs-ref: 'dir:.' # docs live next to the code
spec:
  type: service
`;
    const { text: out, changed } = recordStandardAnnotation(text, '1');
    expect(changed).toBe(true);
    expect(out).toBe(
      text.replace(
        "    backstage.io/techdocs-ref: 'dir:.' # docs live next to the code\n",
        '    backstage.io/techdocs-ref: \'dir:.\' # docs live next to the code\n    security.devsecops.io/pipeline-standard: "1"\n',
      ),
    );
  });

  it('updates an existing value in place and reports no change when it already matches', () => {
    const text =
      'kind: Component\nmetadata:\n  name: x\n  annotations:\n    security.devsecops.io/pipeline-standard: "0" # old\n    other: y\n';
    const updated = recordStandardAnnotation(text, '1');
    expect(updated.text).toBe(text.replace('"0" # old', '"1" # old'));
    expect(recordStandardAnnotation(updated.text, '1')).toEqual({
      text: updated.text,
      changed: false,
    });
  });

  it("creates the annotations block when there is none, with the file's indentation", () => {
    const text =
      'kind: Component\nmetadata:\n    name: x\n    title: X\nspec:\n    type: service\n';
    expect(recordStandardAnnotation(text, '1').text).toBe(
      'kind: Component\nmetadata:\n    name: x\n    title: X\n    annotations:\n      security.devsecops.io/pipeline-standard: "1"\nspec:\n    type: service\n',
    );
  });

  it('handles a file without a final newline, flow-style annotations, and several documents', () => {
    expect(
      recordStandardAnnotation(
        'kind: Component\nmetadata:\n  name: x\n  annotations:\n    a: b',
        '1',
      ).text,
    ).toBe(
      'kind: Component\nmetadata:\n  name: x\n  annotations:\n    a: b\n    security.devsecops.io/pipeline-standard: "1"\n',
    );
    const flow = recordStandardAnnotation(
      'kind: Component\nmetadata:\n  name: x\n  annotations: {}\n',
      '1',
    );
    expect(flow.text).toContain('security.devsecops.io/pipeline-standard: "1"');
    const multi = `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments
---
# the service
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  annotations:
    a: b
`;
    expect(recordStandardAnnotation(multi, '2').text).toBe(
      `${multi}    security.devsecops.io/pipeline-standard: "2"\n`,
    );
  });

  it('refuses a file without a Component or that does not parse', () => {
    expect(() =>
      recordStandardAnnotation('kind: API\nmetadata: { name: x }\n', '1'),
    ).toThrow(/no `kind: Component`/);
    expect(() => recordStandardAnnotation('kind: [Component\n', '1')).toThrow(
      /does not parse/,
    );
  });
});
