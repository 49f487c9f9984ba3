// The feed behind a page people copy from their browser's address bar: the
// Hugging Face papers page and arXiv's listing pages are HTML, but each has
// a feed paperboy reads.

const ARXIV_LISTING = /^\/list\/([a-z-]+(?:\.[A-Za-z-]+)?)\/(?:new|recent|pastweek)\/?$/;
const HF_PAPERS = /^\/papers(?:\/date\/(\d{4}-\d{2}-\d{2}))?\/?$/;

/** The feed URL for a known page, or null. */
export function feedForPage(pageUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  if (host === 'huggingface.co') {
    const page = HF_PAPERS.exec(url.pathname);
    if (page === null) return null;
    const date = page[1] ?? url.searchParams.get('date');
    return `https://huggingface.co/api/daily_papers${date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? `?date=${date}` : ''}`;
  }
  if (host === 'arxiv.org' || host === 'export.arxiv.org') {
    const listing = ARXIV_LISTING.exec(url.pathname);
    return listing === null ? null : `https://rss.arxiv.org/rss/${listing[1]}`;
  }
  return null;
}
