import { Problem } from '../problems';
import { RenderedTree } from './tree';

/**
 * Template syntax that must never reach a rendered file: the scaffolder's `${{ values.x }}`
 * and `${{ parameters.x }}`, and nunjucks tags. GitHub's own expressions (`${{ github.x }}`,
 * `${{ steps.x }}`, `${{ secrets.x }}`) are not template syntax and stay.
 */
const LEFTOVERS: Array<{ pattern: RegExp; what: string }> = [
  {
    pattern: /\$\{\{\s*(values|parameters)\b[.[]/,
    what: 'an unrendered scaffolder expression',
  },
  { pattern: /\{%-?\s|\s-?%\}/, what: 'an unrendered nunjucks tag' },
];

function lineOfIndex(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/**
 * Every file rendered completely, every YAML and JSON file parses. The other tools rely on
 * parsed files; a file that does not parse is reported here once.
 */
export function checkSyntax(tree: RenderedTree): Problem[] {
  const problems: Problem[] = [];
  for (const file of tree.files) {
    const text = file.content.toString('utf8');
    for (const { pattern, what } of LEFTOVERS) {
      const match = pattern.exec(text);
      if (match) {
        problems.push({
          tool: 'syntax',
          file: file.path,
          line: lineOfIndex(text, match.index),
          message: `${what} is left in the file: ${match[0].trim()}`,
        });
      }
    }
    if (file.path.endsWith('.json')) {
      try {
        JSON.parse(text);
      } catch (error) {
        problems.push({
          tool: 'syntax',
          file: file.path,
          message: `JSON does not parse: ${(error as Error).message}`,
        });
      }
    }
  }
  for (const yaml of tree.yamlFiles()) {
    if (yaml.error) {
      problems.push({
        tool: 'syntax',
        file: yaml.path,
        message: `YAML does not parse: ${yaml.error}`,
      });
    }
  }
  return problems;
}
