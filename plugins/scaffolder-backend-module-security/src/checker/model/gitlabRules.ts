/**
 * Evaluates GitLab CI `rules:if` expressions (`$CI_PIPELINE_SOURCE == "merge_request_event" &&
 * $CI_COMMIT_BRANCH`) against the predefined variables of a few typical pipelines, to tell on
 * which events a job runs. Supports `==`, `!=`, `=~`, `!~`, `&&`, `||`, parentheses, bare
 * variables, quoted strings, `/regex/` literals and `null`. An expression it cannot read
 * counts as matching, so a job is never assumed away by a parser gap.
 */
export type Variables = Record<string, string | undefined>;

type Token =
  | { t: 'var'; v: string }
  | { t: 'str'; v: string }
  | { t: 're'; v: string; flags: string }
  | { t: 'null' }
  | { t: 'op'; v: '==' | '!=' | '=~' | '!~' | '&&' | '||' | '(' | ')' };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const rest = expression.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const op = /^(==|!=|=~|!~|&&|\|\||\(|\))/.exec(rest);
    const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(rest);
    const quoted = /^("([^"\\]|\\.)*"|'([^'\\]|\\.)*')/.exec(rest);
    const regex = /^\/((?:[^/\\]|\\.)*)\/([a-z]*)/.exec(rest);
    if (op) {
      tokens.push({ t: 'op', v: op[1] as '==' });
      i += op[0].length;
    } else if (variable) {
      tokens.push({ t: 'var', v: variable[1] });
      i += variable[0].length;
    } else if (quoted) {
      tokens.push({
        t: 'str',
        v: quoted[0].slice(1, -1).replace(/\\(.)/g, '$1'),
      });
      i += quoted[0].length;
    } else if (regex) {
      tokens.push({ t: 're', v: regex[1], flags: regex[2] });
      i += regex[0].length;
    } else if (/^null\b/.test(rest)) {
      tokens.push({ t: 'null' });
      i += 4;
    } else {
      throw new Error(
        `unreadable rules:if expression near "${rest.slice(0, 20)}"`,
      );
    }
  }
  return tokens;
}

type Operand = string | RegExp | null;

class Parser {
  private at = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly vars: Variables,
  ) {}

  parse(): boolean {
    const value = this.or();
    if (this.at !== this.tokens.length) throw new Error('trailing tokens');
    return value;
  }

  private peekOp(): string | undefined {
    const token = this.tokens[this.at];
    return token?.t === 'op' ? token.v : undefined;
  }

  private or(): boolean {
    let value = this.and();
    while (this.peekOp() === '||') {
      this.at++;
      const right = this.and();
      value = value || right;
    }
    return value;
  }

  private and(): boolean {
    let value = this.unary();
    while (this.peekOp() === '&&') {
      this.at++;
      const right = this.unary();
      value = value && right;
    }
    return value;
  }

  private unary(): boolean {
    if (this.peekOp() === '(') {
      this.at++;
      const value = this.or();
      if (this.peekOp() !== ')') throw new Error('missing )');
      this.at++;
      return value;
    }
    const left = this.operand();
    const op = this.peekOp();
    if (op === '==' || op === '!=' || op === '=~' || op === '!~') {
      this.at++;
      const right = this.operand();
      return compare(left, op, right);
    }
    return typeof left === 'string' && left !== '';
  }

  private operand(): Operand {
    const token = this.tokens[this.at++];
    if (!token) throw new Error('missing operand');
    switch (token.t) {
      case 'var':
        return this.vars[token.v] ?? null;
      case 'str':
        return token.v;
      case 're':
        return new RegExp(token.v, token.flags.replace(/[^imsu]/g, ''));
      case 'null':
        return null;
      default:
        throw new Error(`unexpected ${token.v}`);
    }
  }
}

function compare(left: Operand, op: string, right: Operand): boolean {
  if (op === '==' || op === '!=') {
    const equal =
      String(left ?? '\u0000null') === String(right ?? '\u0000null');
    return op === '==' ? equal : !equal;
  }
  let pattern: RegExp | undefined;
  if (right instanceof RegExp) {
    pattern = right;
  } else if (typeof right === 'string') {
    const m = /^\/(.*)\/([a-z]*)$/.exec(right);
    pattern = m ? new RegExp(m[1], m[2].replace(/[^imsu]/g, '')) : undefined;
  }
  const matched =
    pattern !== undefined && typeof left === 'string' && pattern.test(left);
  return op === '=~' ? matched : !matched;
}

/** `true`, `false`, or `undefined` when the expression cannot be read. */
export function evaluateIf(
  expression: string,
  vars: Variables,
): boolean | undefined {
  try {
    return new Parser(tokenize(expression), vars).parse();
  } catch {
    return undefined;
  }
}

/** The pipelines the checker imagines for each event of the standard. */
export const PIPELINE_CONTEXTS: Record<
  'pushDefault' | 'pushBranch' | 'mergeRequest' | 'schedule',
  Variables
> = {
  pushDefault: {
    CI_PIPELINE_SOURCE: 'push',
    CI_COMMIT_BRANCH: 'main',
    CI_COMMIT_REF_NAME: 'main',
    CI_DEFAULT_BRANCH: 'main',
    CI_COMMIT_REF_PROTECTED: 'true',
  },
  pushBranch: {
    CI_PIPELINE_SOURCE: 'push',
    CI_COMMIT_BRANCH: 'feature/change',
    CI_COMMIT_REF_NAME: 'feature/change',
    CI_DEFAULT_BRANCH: 'main',
    CI_OPEN_MERGE_REQUESTS: 'group/project!1',
  },
  mergeRequest: {
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_MERGE_REQUEST_IID: '1',
    CI_MERGE_REQUEST_ID: '1',
    CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/change',
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
    CI_COMMIT_REF_NAME: 'feature/change',
    CI_DEFAULT_BRANCH: 'main',
  },
  schedule: {
    CI_PIPELINE_SOURCE: 'schedule',
    CI_COMMIT_BRANCH: 'main',
    CI_COMMIT_REF_NAME: 'main',
    CI_DEFAULT_BRANCH: 'main',
    CI_COMMIT_REF_PROTECTED: 'true',
  },
};
