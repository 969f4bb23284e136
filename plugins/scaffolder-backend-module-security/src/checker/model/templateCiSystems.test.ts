import { ciParameter, stepCiSystems } from './templateCiSystems';
import { YMap, asMap, get, items, parseYamlFile } from './yamlTree';

function template(text: string): YMap {
  return asMap(parseYamlFile('template.yaml', text).documents[0])!;
}

const FORM = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
spec:
  parameters:
    - title: Service
      properties:
        forge:
          type: string
          enum: [github.com, gitlab.com]
        name: { type: string }
    - title: Pipeline
      properties:
        ciSystem:
          type: string
          enum: [actions, gl, pac]
          enumNames: [GitHub Actions, GitLab CI, Pipelines as Code]
      dependencies:
        ciSystem:
          oneOf:
            - properties:
                ciSystem: { const: actions }
  steps:
    - id: github
      if: \${{ parameters.ciSystem == 'actions' }}
    - id: not-github
      if: \${{ parameters.ciSystem != 'actions' and parameters.forge == 'github.com' }}
    - id: unguarded
    - id: never
      if: \${{ parameters.ciSystem in [] }}
`;

describe('the CI systems a template step runs for', () => {
  it("finds the CI parameter by its values' display names, not the host choice", () => {
    const parameter = ciParameter(template(FORM));
    expect(parameter).toEqual({
      path: 'parameters.ciSystem',
      values: new Map([
        ['actions', 'github'],
        ['gl', 'gitlab'],
        ['pac', 'tekton'],
      ]),
    });
  });

  it('lists the CI systems for which each step is not ruled out', () => {
    const t = template(FORM);
    const parameter = ciParameter(t);
    expect(
      items(get(t, 'spec', 'steps')).map(step =>
        stepCiSystems(step, parameter),
      ),
    ).toEqual([
      ['github'],
      ['gitlab', 'tekton'],
      ['github', 'gitlab', 'tekton'],
      [],
    ]);
  });

  it('rules nothing out in a template without a CI parameter', () => {
    const t = template(
      FORM.replace(
        'enum: [actions, gl, pac]',
        'enum: [actions, gl, jenkins]',
      ).replace(
        'enumNames: [GitHub Actions, GitLab CI, Pipelines as Code]',
        'enumNames: [GitHub Actions, GitLab CI, Jenkins]',
      ),
    );
    expect(ciParameter(t)).toBeUndefined();
    const first = items(get(t, 'spec', 'steps'))[0];
    expect(stepCiSystems(first, undefined)).toEqual([
      'github',
      'gitlab',
      'tekton',
    ]);
  });
});
