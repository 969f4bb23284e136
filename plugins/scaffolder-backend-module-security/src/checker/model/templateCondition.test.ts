import { conditionHolds, Domains } from './templateCondition';
import { parseYamlFile } from './yamlTree';

/** The `if:` node of a one-line YAML document `if: <text>`. */
function condition(text: string) {
  const doc = parseYamlFile('step.yaml', `if: ${text}\n`).documents[0];
  if (doc?.kind !== 'map') throw new Error(`not a map: ${text}`);
  return doc.byKey.get('if')!.value;
}

const GITHUB: Domains = new Map([
  ['parameters.ciSystem', new Set(['github-actions'])],
]);
const SEVERAL: Domains = new Map([
  ['parameters.ciSystem', new Set(['gitlab-ci', 'gitlab-ci-legacy'])],
]);

describe('conditionHolds', () => {
  it('runs a step without a condition', () => {
    expect(conditionHolds(undefined, GITHUB)).toBe(true);
  });

  it.each([
    ["${{ parameters.ciSystem == 'github-actions' }}", true],
    ["${{ parameters.ciSystem === 'tekton' }}", false],
    ["${{ parameters['ciSystem'] != 'tekton' }}", true],
    ['${{ parameters["ciSystem"] !== "github-actions" }}', false],
    ["${{ not parameters.ciSystem == 'tekton' }}", true],
    ["${{ parameters.ciSystem in ['gitlab-ci', 'tekton'] }}", false],
    ["${{ parameters.ciSystem not in ['gitlab-ci', 'tekton'] }}", true],
    [
      "${{ parameters.ciSystem == 'tekton' and (parameters.repoUrl | parseRepoUrl).host == 'github.com' }}",
      false,
    ],
    [
      "${{ parameters.ciSystem == 'github-actions' or (parameters.repoUrl | parseRepoUrl).host == 'github.com' }}",
      true,
    ],
    [
      "${{ parameters.ciSystem === 'tekton' && parameters.host === 'github.com' || parameters.ciSystem === 'gitlab-ci' }}",
      false,
    ],
    ['${{ parameters.ciSystem }}', true],
    ['false', false],
    ['true', true],
    ["'text, rendered as a string'", true],
  ])('reads %s as %s for GitHub Actions', (text, expected) => {
    expect(conditionHolds(condition(text), GITHUB)).toBe(expected);
  });

  it.each([
    // The host (or any parameter without known values) decides.
    "${{ parameters.ciSystem == 'github-actions' and (parameters.repoUrl | parseRepoUrl).host == 'github.com' }}",
    '${{ parameters.publish }}',
    "${{ parameters.ciSystem | lower == 'github-actions' }}",
    "${{ 'a' if parameters.ciSystem == 'tekton' else '' }}",
    "${{ parameters.ciSystem == 'github-actions' }} and ${{ parameters.publish }}",
    // Not an expression this reader understands: nothing is concluded from it.
    "${{ parameters.ciSystem = 'tekton' }}",
    "${{ parameters.ciSystem == 'tekton' and }}",
    '${{ parameters.ciSystem == 1 }}',
  ])('cannot tell %s', text => {
    expect(conditionHolds(condition(text), GITHUB)).toBeUndefined();
  });

  it('only concludes from values every possible value agrees on', () => {
    const mentions = condition("${{ parameters.ciSystem == 'gitlab-ci' }}");
    expect(conditionHolds(mentions, SEVERAL)).toBeUndefined();
    const excludes = condition("${{ parameters.ciSystem == 'tekton' }}");
    expect(conditionHolds(excludes, SEVERAL)).toBe(false);
  });
});
