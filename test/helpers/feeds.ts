// Feeds in the three formats paperboy fetches, written the way arXiv and
// Hugging Face write them (arXiv wraps titles and abstracts across lines),
// from plain paper values: the recorded responses in test/fixtures/feeds/
// were made with these, and tests make fresh ones with papers of their own.

export interface FeedPaper {
  arxivId: string;
  version: number;
  title: string;
  abstract: string;
  authors: string[];
  published: string;
  upvotes?: number;
  announce?: 'new' | 'cross' | 'replace' | 'replace-cross';
  categories?: string[];
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** arXiv folds long text at about 80 columns, continuing with two spaces. */
function wrapped(text: string, width = 76): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n  ');
}

export function arxivAtom(papers: FeedPaper[]): string {
  const entries = papers.map((paper) => {
    const id = `${paper.arxivId}v${paper.version}`;
    const categories = paper.categories ?? ['cs.LG'];
    return `  <entry>
    <id>http://arxiv.org/abs/${id}</id>
    <updated>${paper.published}T17:59:59Z</updated>
    <published>${paper.published}T17:59:59Z</published>
    <title>${xml(wrapped(paper.title))}</title>
    <summary>  ${xml(wrapped(paper.abstract))}
</summary>
${paper.authors.map((name) => `    <author>
      <name>${xml(name)}</name>
    </author>`).join('\n')}
    <link href="http://arxiv.org/abs/${id}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${id}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="${categories[0]}" scheme="http://arxiv.org/schemas/atom"/>
${categories.map((term) => `    <category term="${term}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n')}
  </entry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3Dcat%3Acs.LG%26id_list%3D%26start%3D0%26max_results%3D${papers.length}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=cat:cs.LG&amp;id_list=&amp;start=0&amp;max_results=${papers.length}</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2024-11-05T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${papers.length}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${papers.length}</opensearch:itemsPerPage>
${entries.join('\n')}
</feed>
`;
}

export function arxivRss(papers: FeedPaper[], category = 'cs.LG'): string {
  const items = papers.map((paper) => {
    const announce = paper.announce ?? 'new';
    return `<item>
      <title>${xml(paper.title)}</title>
      <link>https://arxiv.org/abs/${paper.arxivId}</link>
      <description>arXiv:${paper.arxivId}v${paper.version} Announce Type: ${announce} 
Abstract: ${xml(paper.abstract)}</description>
      <guid isPermaLink="false">oai:arXiv.org:${paper.arxivId}v${paper.version}</guid>
${(paper.categories ?? [category]).map((term) => `      <category>${term}</category>`).join('\n')}
      <pubDate>Tue, 05 Nov 2024 00:00:00 -0500</pubDate>
      <arxiv:announce_type>${announce}</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
      <dc:creator>${xml(paper.authors.join(', '))}</dc:creator>
    </item>`;
  });
  return `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title>${category} updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/${category}</link>
    <description>${category} updates on the arXiv.org e-print archive.</description>
    <atom:link href="https://rss.arxiv.org/rss/${category}" rel="self" type="application/rss+xml"/>
    <docs>http://www.rssboard.org/rss-specification</docs>
    <language>en-us</language>
    <lastBuildDate>Tue, 05 Nov 2024 05:00:00 +0000</lastBuildDate>
    <managingEditor>rss-help@arxiv.org</managingEditor>
    <pubDate>Tue, 05 Nov 2024 00:00:00 -0500</pubDate>
    <skipDays>
      <day>Sunday</day>
      <day>Saturday</day>
    </skipDays>
    ${items.join('\n    ')}
  </channel>
</rss>
`;
}

export function hfDailyPapers(papers: FeedPaper[]): string {
  return JSON.stringify(
    papers.map((paper) => ({
      paper: {
        id: paper.arxivId,
        authors: paper.authors.map((name, i) => ({ _id: `65${String(i).padStart(22, '0')}`, name, hidden: false })),
        publishedAt: `${paper.published}T17:59:59.000Z`,
        title: paper.title,
        summary: paper.abstract,
        upvotes: paper.upvotes ?? 0,
        discussionId: `67${paper.arxivId.replace('.', '')}`,
      },
      publishedAt: `${paper.published}T21:03:11.000Z`,
      title: paper.title,
      summary: paper.abstract,
      thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${paper.arxivId}.png`,
      numComments: 1,
      isAuthorParticipating: false,
    })),
  );
}
