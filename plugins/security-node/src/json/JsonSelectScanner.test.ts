import { JsonSelectScanner, JsonStreamError, SelectedValue } from './JsonSelectScanner';
import { selectJsonValues } from './selectJsonValues';

/** Feeds `text` in chunks of `size` bytes and collects everything selected. */
function scan(text: string | Buffer, selectors: string[][], size = Infinity): SelectedValue[] {
  const scanner = new JsonSelectScanner(selectors);
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const out: SelectedValue[] = [];
  const step = Number.isFinite(size) ? size : bytes.length;
  for (let i = 0; i < bytes.length; i += step) {
    out.push(...scanner.push(bytes.subarray(i, i + step)));
  }
  out.push(...scanner.end());
  return out;
}

const doc = {
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'a "quoted" \\ tool', rules: [{ id: 'r1' }] } },
      results: [
        { ruleId: 'r1', message: { text: 'brace } and bracket ] in "text" \\' } },
        { ruleId: 'r2', n: -1.5e3, ok: true, none: null, arr: [[], {}, [1, [2]]] },
      ],
    },
    { tool: { driver: { name: 'b' } }, results: [] },
  ],
  ignored: { deep: [{ x: '}' }] },
};

describe('JsonSelectScanner', () => {
  it('selects values by path, in document order, at every chunk size', () => {
    const text = JSON.stringify(doc, null, 2);
    const expected = [
      { path: ['version'], value: '2.1.0' },
      { path: ['runs', 0, 'tool'], value: doc.runs[0].tool },
      { path: ['runs', 0, 'results', 0], value: doc.runs[0].results[0] },
      { path: ['runs', 0, 'results', 1], value: doc.runs[0].results[1] },
      { path: ['runs', 1, 'tool'], value: doc.runs[1].tool },
    ];
    const selectors = [['version'], ['runs', '*', 'tool'], ['runs', '*', 'results', '*']];
    for (const size of [1, 2, 3, 7, 64, Infinity]) {
      expect(scan(text, selectors, size)).toEqual(expected);
    }
  });

  it('handles escaped quotes and backslash runs split across chunks', () => {
    const value = { s: `a\\\\"b\\"c\\\\\\"d${'\\'.repeat(5)}` };
    const text = JSON.stringify({ list: [value, value] });
    for (const size of [1, 2, 5]) {
      expect(scan(text, [['list', '*']], size).map(v => v.value)).toEqual([value, value]);
    }
  });

  it('decodes escaped and multi-byte keys and values across chunks', () => {
    const text = JSON.stringify({ 'k\u00e9y"\\': { 'ü': '日本語 ✓' } });
    for (const size of [1, 2, 3]) {
      expect(scan(text, [['k\u00e9y"\\', 'ü']], size)).toEqual([
        { path: ['k\u00e9y"\\', 'ü'], value: '日本語 ✓' },
      ]);
    }
  });

  it('selects top-level scalars and skips a UTF-8 byte order mark', () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1,"b":[true]}')]);
    expect(scan(text, [['a'], ['b', '*']])).toEqual([
      { path: ['a'], value: 1 },
      { path: ['b', 0], value: true },
    ]);
  });

  it('keeps __proto__ as plain data', () => {
    const [{ value }] = scan('{"items":[{"__proto__":{"polluted":1}}]}', [['items', '*']]);
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(true);
  });

  it.each([
    ['truncated document', '{"runs":[{"results":[{"a":1}', /truncated/],
    ['empty input', '', /empty/],
    ['only whitespace', '   \n', /empty/],
    ['trailing garbage', '{"a":1} x', /after the document/],
    ['bad literal', '{"a":tru}', /not a JSON value/],
    ['bad separator', '{"a" 1}', /expected ':'/],
    ['unquoted key', '{a:1}', /property name/],
    ['mismatched bracket', '{"a":[1}', /expected ','|mismatched/],
    ['invalid selected element', '{"items":[{"a":01}]}', /Invalid JSON in the element/],
  ])('rejects a %s', (_name, text, message) => {
    expect(() => scan(text, [['items', '*'], ['runs', '*', 'results', '*']])).toThrow(message);
    expect(() => scan(text, [['items', '*'], ['runs', '*', 'results', '*']])).toThrow(JsonStreamError);
  });

  it('rejects nesting deeper than the limit without exhausting the stack', () => {
    const deep = `{"a":${'['.repeat(200000)}${']'.repeat(200000)}}`;
    expect(() => scan(deep, [['b']])).toThrow(/nesting is too deep/);
  });

  it('rejects a selected element larger than the limit', () => {
    const scanner = new JsonSelectScanner([['items', '*']], { maxValueBytes: 1000 });
    const big = JSON.stringify({ items: ['x'.repeat(5000)] });
    expect(() => {
      for (let i = 0; i < big.length; i += 100) scanner.push(Buffer.from(big.slice(i, i + 100)));
    }).toThrow(/larger than 1000 bytes/);
  });

  it("parses a chunk's values as they are taken, not all at once", () => {
    const scanner = new JsonSelectScanner([['items', '*']]);
    const values = scanner.push(Buffer.from('{"items":[{"a":1},{"b":2,},{"c":3}]}'))[Symbol.iterator]();
    expect(values.next().value).toEqual({ path: ['items', 0], value: { a: 1 } });
    expect(() => values.next()).toThrow(/Invalid JSON in the element at \$\.items\[1\]/);
  });

  it('skips huge unselected strings without keeping them', () => {
    const text = `{"skip":"${'y'.repeat(5_000_000)}","keep":1}`;
    expect(scan(text, [['keep']], 65536)).toEqual([{ path: ['keep'], value: 1 }]);
  });

  it('streams from an async iterable', async () => {
    async function* chunks() {
      yield '{"items":[1,';
      yield Buffer.from('2,3]}');
    }
    const values = [];
    for await (const v of selectJsonValues(chunks(), [['items', '*']])) values.push(v.value);
    expect(values).toEqual([1, 2, 3]);
  });
});
