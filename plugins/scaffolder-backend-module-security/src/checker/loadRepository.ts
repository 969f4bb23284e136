import { InputError } from '@backstage/errors';
import { promises as fs } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { MAX_TEXT_BYTES, isReadable, readText, walkFiles } from './model/files';
import { Repository, TemplateSource } from './model/Repository';
import { parseYamlFile } from './model/yamlTree';
import { CheckOptions } from './types';

/** Nunjucks the scaffolder would have rendered: `${{ values.x }}`, `{% if %}`. */
const UNRENDERED =
  /\$\{\{\s*(values|parameters|user)\b|\{%-?\s*(if|for|raw|set|include|macro|endif|endfor|endraw)\b/;
/** The files a skeleton would render: pipeline, deployment and catalog configuration. */
const CONFIGURATION =
  /^(\.github\/|\.gitlab\/|\.gitlab-ci\.yml$|\.tekton\/|deploy\/|catalog-info\.ya?ml$|\.pre-commit-config\.yaml$|renovate\.json5?$)|(^|\/)(Dockerfile|Containerfile)[^/]*$/;
const DEFAULT_TEMPLATE = 'template.yaml';

async function readTemplate(
  root: string,
  templateFile: string | undefined,
  texts: Map<string, string>,
): Promise<TemplateSource | undefined> {
  const wanted = templateFile ?? DEFAULT_TEMPLATE;
  const absolute = isAbsolute(wanted) ? wanted : resolve(root, wanted);
  const inside = relative(root, absolute);
  const path =
    inside.startsWith('..') || isAbsolute(inside)
      ? absolute
      : inside.split('\\').join('/');
  let text = texts.get(path);
  if (text === undefined) {
    try {
      text = await fs.readFile(absolute, 'utf8');
    } catch (error) {
      if (templateFile)
        throw new InputError(
          `Cannot read the template ${templateFile}: ${
            (error as Error).message
          }`,
        );
      return undefined;
    }
  }
  return { path, file: parseYamlFile(path, text) };
}

const TEMPLATE_FILE = /(^|\/)template\.ya?ml$/;

/** Folders below the root holding a Backstage software template (`kind: Template`). */
function templateFolders(texts: Map<string, string>): string[] {
  return [...texts]
    .filter(
      ([path, text]) =>
        path.includes('/') &&
        TEMPLATE_FILE.test(path) &&
        /^kind:\s*Template\s*$/m.test(text) &&
        /scaffolder\.backstage\.io\//.test(text),
    )
    .map(([path]) => path.slice(0, path.lastIndexOf('/') + 1));
}

/**
 * Reads the tree at `dir` for checking: every file's first bytes, the full text of the files
 * the rules parse, and the software template when there is one. Nothing in the tree is run.
 * Refuses an unrendered template skeleton: the checker judges what the template produces.
 */
export async function loadRepository(
  dir: string,
  options: CheckOptions = {},
): Promise<Repository> {
  const root = resolve(dir);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) throw new InputError(`${dir} is not a directory`);
  const { files, warnings } = await walkFiles(root);
  const texts = new Map<string, string>();
  for (const file of files) {
    if (!isReadable(file.path) || file.head.includes(0)) continue;
    if (file.size > MAX_TEXT_BYTES) {
      warnings.push(
        `${file.path}: larger than ${MAX_TEXT_BYTES} bytes, not read`,
      );
      continue;
    }
    texts.set(file.path, await readText(root, file.path));
  }
  // Software templates kept inside the tree (a `templates/` folder) are sources, not part
  // of the repository's own pipeline: their folders are left out, with a warning.
  const folders = templateFolders(texts);
  for (const folder of folders) {
    warnings.push(
      `${folder}: a software template; its skeleton is not checked (render it and check the result)`,
    );
  }
  const inTemplate = (path: string) => folders.some(f => path.startsWith(f));
  for (const path of [...texts.keys()])
    if (inTemplate(path)) texts.delete(path);
  const kept = files.filter(f => !inTemplate(f.path));
  const template = await readTemplate(root, options.templateFile, texts);
  const unrendered = [...texts].find(
    ([path, text]) =>
      path !== template?.path &&
      CONFIGURATION.test(path) &&
      UNRENDERED.test(text),
  );
  if (unrendered) {
    throw new InputError(
      `${unrendered[0]} contains unrendered template expressions (${
        UNRENDERED.exec(unrendered[1])![0]
      }…): ${dir} looks like a template skeleton. Check the repository the template produces (render it first), and pass the template itself as the template file.`,
    );
  }
  return new Repository(root, kept, texts, options.ci, template, warnings);
}
