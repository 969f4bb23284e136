import { YNode, asScalar } from './yamlTree';

/**
 * A software template step's `if:` read statically. The scaffolder renders a single
 * `${{ … }}` expression with Nunjucks and runs the step when the result is truthy; here the
 * expression is evaluated knowing only the values some parameters can take (e.g. the CI
 * parameter is one of `github-actions`), in three-valued logic: `true`, `false`, or
 * `undefined` when it depends on something else (the host, a free-text field) or cannot be
 * read. Only `false` is a proof that the step does not run.
 *
 * Understood: `and`/`or`/`not` (and `&&`, `||`, `!`), `==`/`===`/`!=`/`!==`, `in`/`not in`
 * over a literal list, parentheses, string/number/boolean/null literals and parameter paths
 * (`parameters.x`, `parameters['x']`). Filters, calls, arithmetic and the like are read as
 * values that are not known.
 */
export type Truth = boolean | undefined;

/** The values a parameter path (`parameters.ciSystem`) can take. */
export type Domains = ReadonlyMap<string, ReadonlySet<string>>;

type Expr =
  | { op: 'literal'; value: string | number | boolean | null }
  | { op: 'list'; items: Expr[] }
  | { op: 'path'; path: string[] }
  | { op: 'opaque' }
  | { op: 'not'; arg: Expr }
  | { op: 'and' | 'or'; left: Expr; right: Expr }
  | { op: 'eq'; left: Expr; right: Expr; negate: boolean }
  | { op: 'in'; left: Expr; right: Expr; negate: boolean };

const OPAQUE: Expr = { op: 'opaque' };

const TOKEN =
  /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\d+(?:\.\d+)?)|([A-Za-z_$][\w$]*)|(===|!==|==|!=|<=|>=|&&|\|\||[-+*/%~<>!()[\]{}.,|:?]))/y;

interface Token {
  kind: 'string' | 'number' | 'name' | 'punct';
  text: string;
}

function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  const text = source.trimEnd();
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) tokens.push({ kind: 'string', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'name', text: m[3] });
    else tokens.push({ kind: 'punct', text: m[4] });
  }
  return tokens;
}

function unquote(text: string): string {
  return text.slice(1, -1).replace(/\\(.)/g, '$1');
}

class ConditionParser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const expr = this.ternary();
    if (this.at !== this.tokens.length) throw new Error('trailing tokens');
    return expr;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return (
      token !== undefined && token.kind !== 'string' && token.text === text
    );
  }

  private take(...texts: string[]): string | undefined {
    const found = texts.find(t => this.is(t));
    if (found !== undefined) this.at++;
    return found;
  }

  private expect(text: string): void {
    if (!this.take(text)) throw new Error(`expected ${text}`);
  }

  private ternary(): Expr {
    const expr = this.or();
    if (this.take('if')) {
      this.or();
      if (this.take('else')) this.ternary();
      return OPAQUE;
    }
    if (this.take('?')) {
      this.ternary();
      this.expect(':');
      this.ternary();
      return OPAQUE;
    }
    return expr;
  }

  private or(): Expr {
    let left = this.and();
    while (this.take('or', '||')) left = { op: 'or', left, right: this.and() };
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.take('and', '&&'))
      left = { op: 'and', left, right: this.not() };
    return left;
  }

  private not(): Expr {
    if (this.take('not')) return { op: 'not', arg: this.not() };
    return this.compare();
  }

  private compare(): Expr {
    let left = this.additive();
    for (;;) {
      const op = this.take('==', '===', '!=', '!==', '<', '>', '<=', '>=');
      if (op) {
        const right = this.additive();
        left =
          op.includes('=') && !/[<>]/.test(op)
            ? { op: 'eq', left, right, negate: op.startsWith('!') }
            : OPAQUE;
      } else if (this.take('in')) {
        left = { op: 'in', left, right: this.additive(), negate: false };
      } else if (this.is('not') && this.is('in', 1)) {
        this.at += 2;
        left = { op: 'in', left, right: this.additive(), negate: true };
      } else if (this.take('is')) {
        this.take('not');
        this.postfix();
        left = OPAQUE;
      } else {
        return left;
      }
    }
  }

  private additive(): Expr {
    let left = this.postfix();
    while (this.take('+', '-', '*', '/', '%', '~')) {
      this.postfix();
      left = OPAQUE;
    }
    return left;
  }

  private postfix(): Expr {
    let expr = this.atom();
    for (;;) {
      if (this.take('.')) {
        const name = this.peek();
        if (name?.kind !== 'name') throw new Error('expected a name');
        this.at++;
        expr =
          expr.op === 'path'
            ? { op: 'path', path: [...expr.path, name.text] }
            : OPAQUE;
      } else if (this.take('[')) {
        const key = this.ternary();
        this.expect(']');
        expr =
          expr.op === 'path' &&
          key.op === 'literal' &&
          typeof key.value === 'string'
            ? { op: 'path', path: [...expr.path, key.value] }
            : OPAQUE;
      } else if (this.is('(')) {
        this.args(')');
        expr = OPAQUE;
      } else if (this.take('|')) {
        if (this.peek()?.kind !== 'name') throw new Error('expected a filter');
        this.at++;
        if (this.is('(')) this.args(')');
        expr = OPAQUE;
      } else {
        return expr;
      }
    }
  }

  /** Reads `(a, b: c, …)`, `[a, …]` or `{k: v, …}` from the opening bracket. */
  private args(close: string): Expr[] {
    this.at++;
    const items: Expr[] = [];
    while (!this.take(close)) {
      items.push(this.ternary());
      if (this.take(':')) this.ternary();
      if (!this.take(',') && !this.is(close)) throw new Error('expected ,');
    }
    return items;
  }

  private atom(): Expr {
    const token = this.peek();
    if (!token) throw new Error('unexpected end');
    if (token.kind === 'string') {
      this.at++;
      return { op: 'literal', value: unquote(token.text) };
    }
    if (token.kind === 'number') {
      this.at++;
      return { op: 'literal', value: Number(token.text) };
    }
    if (token.kind === 'name') {
      this.at++;
      if (/^(true|True)$/.test(token.text))
        return { op: 'literal', value: true };
      if (/^(false|False)$/.test(token.text))
        return { op: 'literal', value: false };
      if (/^(null|none|None|undefined)$/.test(token.text))
        return { op: 'literal', value: null };
      return { op: 'path', path: [token.text] };
    }
    if (token.text === '(') {
      this.at++;
      const inner = this.ternary();
      this.expect(')');
      return inner;
    }
    if (token.text === '[') return { op: 'list', items: this.args(']') };
    if (token.text === '{') {
      this.args('}');
      return OPAQUE;
    }
    if (token.text === '!') {
      // JavaScript's `!` binds tighter than comparisons, unlike `not`.
      this.at++;
      return { op: 'not', arg: this.postfix() };
    }
    if (token.text === '-') {
      this.at++;
      this.postfix();
      return OPAQUE;
    }
    throw new Error(`unexpected ${token.text}`);
  }
}

/** Parses the inside of `${{ … }}`; `undefined` when it is not an expression we can read. */
function parseCondition(source: string): Expr | undefined {
  const tokens = tokenize(source);
  if (!tokens || tokens.length === 0) return undefined;
  try {
    return new ConditionParser(tokens).parse();
  } catch {
    return undefined;
  }
}

type Value =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'list'; items: Value[] }
  | { kind: 'oneOf'; values: ReadonlySet<string> }
  | { kind: 'truth'; truth: Truth };

const UNKNOWN: Value = { kind: 'truth', truth: undefined };

function and(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : undefined;
}

function or(a: Truth, b: Truth): Truth {
  if (a === true || b === true) return true;
  return a === false && b === false ? false : undefined;
}

function not(a: Truth): Truth {
  return a === undefined ? undefined : !a;
}

function truthOf(value: Value): Truth {
  switch (value.kind) {
    case 'literal':
      return Boolean(value.value);
    case 'list':
      return value.items.length > 0;
    case 'oneOf': {
      const truths = new Set([...value.values].map(v => v !== ''));
      return truths.size === 1 ? [...truths][0] : undefined;
    }
    default:
      return value.truth;
  }
}

function equal(a: Value, b: Value): Truth {
  if (a.kind === 'literal' && b.kind === 'literal') {
    // `==` converts between types; only values of one type are compared here.
    return typeof a.value === typeof b.value ? a.value === b.value : undefined;
  }
  const set = [a, b].find(v => v.kind === 'oneOf');
  const literal = set === a ? b : a;
  if (
    set?.kind !== 'oneOf' ||
    literal.kind !== 'literal' ||
    typeof literal.value !== 'string'
  )
    return undefined;
  if (!set.values.has(literal.value)) return false;
  return set.values.size === 1 ? true : undefined;
}

function evaluate(expr: Expr, domains: Domains): Value {
  switch (expr.op) {
    case 'literal':
      return { kind: 'literal', value: expr.value };
    case 'list':
      return { kind: 'list', items: expr.items.map(i => evaluate(i, domains)) };
    case 'path': {
      const values = domains.get(expr.path.join('.'));
      return values ? { kind: 'oneOf', values } : UNKNOWN;
    }
    case 'not':
      return {
        kind: 'truth',
        truth: not(truthOf(evaluate(expr.arg, domains))),
      };
    case 'and':
    case 'or': {
      const left = truthOf(evaluate(expr.left, domains));
      const right = truthOf(evaluate(expr.right, domains));
      return {
        kind: 'truth',
        truth: expr.op === 'and' ? and(left, right) : or(left, right),
      };
    }
    case 'eq': {
      const truth = equal(
        evaluate(expr.left, domains),
        evaluate(expr.right, domains),
      );
      return { kind: 'truth', truth: expr.negate ? not(truth) : truth };
    }
    case 'in': {
      const list = evaluate(expr.right, domains);
      if (list.kind !== 'list') return UNKNOWN;
      const needle = evaluate(expr.left, domains);
      const truth = list.items
        .map(item => equal(needle, item))
        .reduce<Truth>((acc, t) => or(acc, t), false);
      return { kind: 'truth', truth: expr.negate ? not(truth) : truth };
    }
    default:
      return UNKNOWN;
  }
}

const SINGLE_EXPRESSION = /^\s*\$\{\{([\s\S]*)\}\}\s*$/;

/**
 * Whether a step with this `if:` runs, knowing that the parameters in `domains` take one of
 * the listed values: `true`, `false`, or `undefined` when that cannot be told statically.
 */
export function conditionHolds(
  condition: YNode | undefined,
  domains: Domains,
): Truth {
  if (condition === undefined) return true;
  const scalar = asScalar(condition);
  if (!scalar) return undefined;
  if (typeof scalar.value !== 'string') return Boolean(scalar.value);
  const single = SINGLE_EXPRESSION.exec(scalar.value);
  if (!single) {
    // Text around or between expressions renders to a string: truthy unless empty.
    return scalar.value.includes('${{') ? undefined : scalar.value !== '';
  }
  if (single[1].includes('${{') || single[1].includes('}}')) return undefined;
  const expr = parseCondition(single[1]);
  return expr ? truthOf(evaluate(expr, domains)) : undefined;
}
