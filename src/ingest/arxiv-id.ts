// New-style `2401.01234v2` and old-style `hep-th/9901001` identifiers,
// optionally `arXiv:`-prefixed or inside an abs/pdf URL or an OAI id.
const ARXIV_ID = /^(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?$/i;
const IN_URL = /^(?:https?:\/\/(?:export\.|www\.)?arxiv\.org\/(?:abs|pdf)\/|oai:arxiv\.org:)(.+?)(?:\.pdf)?$/i;

export interface ArxivId {
  /** Without the version: one paper across its versions and sources. */
  id: string;
  version: number | null;
}

/** The arXiv id in an id, an abs/pdf link or an OAI identifier; null for anything else. */
export function parseArxivId(text: string | null | undefined): ArxivId | null {
  if (!text) return null;
  const trimmed = text.trim();
  const bare = IN_URL.exec(trimmed)?.[1] ?? trimmed;
  const match = ARXIV_ID.exec(bare);
  if (match === null) return null;
  return { id: match[1], version: match[2] === undefined ? null : Number(match[2]) };
}

/** The abstract page of an arXiv paper, its latest version. */
export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}
