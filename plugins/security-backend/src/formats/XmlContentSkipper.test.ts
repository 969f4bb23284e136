import { XmlContentSkipper } from './XmlContentSkipper';

const names = new Set(['description', 'oval_results']);

/** The skipper's output for a document fed in the given pieces. */
function run(pieces: string[]): string {
  const skipper = new XmlContentSkipper(names);
  return pieces.map(p => skipper.filter(p)).join('') + skipper.end();
}

/** Every way to cut `text` in two, and in pieces of one character. */
function everySplit(text: string): string[][] {
  const splits = Array.from({ length: text.length + 1 }, (_, at) => [text.slice(0, at), text.slice(at)]);
  return [...splits, [...text]];
}

describe('XmlContentSkipper', () => {
  it.each([
    [
      'drops the content of skipped elements and keeps their tags',
      '<a><description lang="en">Long <b>prose</b> &amp; more</description><c/></a>',
      '<a><description lang="en"></description><c/></a>',
    ],
    ['matches by local name', '<x:a><x:description>gone</x:description>kept</x:a>', '<x:a><x:description></x:description>kept</x:a>'],
    [
      'counts an element nested in itself',
      '<description><description>in</description>still in</description>out',
      '<description></description>out',
    ],
    ['leaves an empty element alone', '<a><description/>kept<c>text</c></a>', '<a><description/>kept<c>text</c></a>'],
    [
      'takes no tag from a comment, CDATA section or processing instruction it passes',
      '<a><!-- <description> --><![CDATA[<description>]]><?pi <description>?><b>kept</b></a>',
      '<a><!-- <description> --><![CDATA[<description>]]><?pi <description>?><b>kept</b></a>',
    ],
    [
      'does not end a skipped element at an end tag inside a comment or CDATA',
      '<description><!-- </description> --><![CDATA[</description>]]>x</description><b/>',
      '<description></description><b/>',
    ],
    [
      'reads quoted attribute values whole',
      `<description title="a>b" alt='</description>'>x</description><b/>`,
      `<description title="a>b" alt='</description>'></description><b/>`,
    ],
    [
      'passes over other tags without reading them',
      '<rule-result idref="r1" note="x>y"><result>pass</result></rule-result>',
      '<rule-result idref="r1" note="x>y"><result>pass</result></rule-result>',
    ],
  ])('%s, however the text is cut', (_name, input, expected) => {
    for (const pieces of everySplit(input)) {
      expect(run(pieces)).toBe(expected);
    }
  });

  it('refuses a DOCTYPE, in or out of skipped content', () => {
    expect(() => run(['<!DOCTYPE r [<!ENTITY x "y">]><r/>'])).toThrow('DOCTYPE is not accepted');
    expect(() => run(['<description><!ENTITY x "y"></description>'])).toThrow('DOCTYPE is not accepted');
  });

  it('stops waiting for the end of a tag that goes on longer than any tag would', () => {
    const skipper = new XmlContentSkipper(names);
    expect(() => {
      for (let i = 0; i < 10; i++) skipper.filter(i === 0 ? '<description x="' : 'a'.repeat(64 * 1024));
    }).toThrow('longer than 262144');
  });

  it('hands back an unfinished document as it is, for the parser to reject', () => {
    expect(run(['<a><!-- open'])).toBe('<a><!-- open');
    expect(run(['<a><description>never closed'])).toBe('<a><description>');
    expect(run(['<a><descri'])).toBe('<a><descri');
  });
});
