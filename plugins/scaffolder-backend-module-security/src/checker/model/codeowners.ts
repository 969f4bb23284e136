/**
 * CODEOWNERS as GitHub and GitLab read it: gitignore-style patterns, the last matching line
 * wins, a line without owners removes ownership, GitLab `[Section] @owners` give default owners
 * to the entries below them.
 */
export interface CodeownersEntry {
  pattern: string;
  owners: string[];
  line: number;
  regex: RegExp;
}

export const CODEOWNERS_PATHS = [
  'CODEOWNERS',
  '.github/CODEOWNERS',
  'docs/CODEOWNERS',
  '.gitlab/CODEOWNERS',
];

const OWNER = /^(@[\w.-]+(\/[\w.-]+)*|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

export function parseCodeowners(text: string): CodeownersEntry[] {
  const entries: CodeownersEntry[] = [];
  let sectionOwners: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const section = /^\^?\[[^\]]+\](\[\d+\])?\s*(.*)$/.exec(line);
    if (section) {
      sectionOwners = section[2].split(/\s+/).filter(o => OWNER.test(o));
      return;
    }
    const [pattern, ...rest] = line.split(/\s+/);
    const own = rest.filter(o => OWNER.test(o));
    entries.push({
      pattern,
      owners: own.length > 0 || rest.length > 0 ? own : sectionOwners,
      line: index + 1,
      regex: patternToRegex(pattern.replace(/^\\#/, '#')),
    });
  });
  return entries;
}

function patternToRegex(pattern: string): RegExp {
  const directoryOnly = pattern.endsWith('/');
  let body = pattern.replace(/\/+$/, '');
  const anchored = body.startsWith('/') || body.includes('/');
  body = body.replace(/^\/+/, '');
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '*' && body[i + 1] === '*') {
      const slashAfter = body[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else {
      out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  // `docs/*` owns the files in docs/ but not those in its subfolders (GitHub's documented
  // reading); a plain name owns a file or a whole folder.
  const last = body.split('/').pop() ?? '';
  let suffix = '(?:/.*)?$';
  if (directoryOnly) suffix = '/.*$';
  else if (last.includes('*') && last !== '**') suffix = '$';
  return new RegExp(prefix + out + suffix);
}

/** The owners of a path: those of the last matching entry (none when it lists none). */
export function ownersOf(entries: CodeownersEntry[], path: string): string[] {
  let owners: string[] = [];
  for (const entry of entries) {
    if (entry.regex.test(path)) owners = entry.owners;
  }
  return owners;
}
