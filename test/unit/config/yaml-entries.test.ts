import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { yamlListEntries } from '../../../src/config/yaml-entries.js';

const entries = (text: string) => [...yamlListEntries(text, 'subscribers.yaml', 'PB_SUBSCRIBER_INVALID')];

describe('a YAML list read entry by entry', () => {
  const layouts: Record<string, string> = {
    'a plain block list, comments and blank lines between entries': '# readers\n---\n- email: a@example.org\n  topics: [diffusion]\n\n# the second\n- email: b@example.org\n  topics:\n    - "graph neural"\n    - robot*\n  name: |\n    B\n    - not an entry\n-\n  email: c@example.org\n  topics: [x]\n',
    'a flow list': '[{ email: a@example.org, topics: [x] }, { email: b@example.org, topics: [y] }]\n',
    'an indented list': '  - email: a@example.org\n    topics: [x]\n  - email: b@example.org\n    topics: [y]\n',
    'anchors shared between entries': '- &base\n  email: a@example.org\n  topics: [x]\n- <<: *base\n  email: b@example.org\n',
    'CRLF line ends': '- email: a@example.org\r\n  topics: [x]\r\n- email: b@example.org\r\n  topics: [y]\r\n',
  };
  for (const [name, text] of Object.entries(layouts)) {
    it(`gives the same values as one document: ${name}`, () => {
      expect(entries(text).map((entry) => entry.value)).toEqual(parse(text));
    });
  }

  it('names the line each entry starts on', () => {
    const found = entries(layouts['a plain block list, comments and blank lines between entries']);
    expect(found.map((entry) => [entry.line, entry.index])).toEqual([[3, 1], [7, 2], [14, 3]]);
  });

  it("names the file's line of a syntax error in a later entry", () => {
    const text = '- email: a@example.org\n  topics: [x]\n- email: b@example.org\n  topics: [y\n  name: B\n';
    expect(() => entries(text)).toThrow(/^subscribers\.yaml line [45]: not valid YAML/);
  });

  it('still stops an alias bomb inside one entry', () => {
    const bomb = ['  a0: &a0 "lol"', ...Array.from({ length: 9 }, (_, i) => `  a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n');
    expect(() => entries(`- email: x@example.org\n  topics: [x]\n${bomb}\n`)).toThrow(/aliases \(\*name\) expand too far/);
  });

  it('an empty file is no entries; a mapping is not a list', () => {
    expect(entries('')).toEqual([]);
    expect(entries('# nobody yet\n')).toEqual([]);
    expect(() => entries('email: a@example.org\n')).toThrow(/expected a list of subscribers/);
  });
});
