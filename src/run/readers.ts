// Keeping reader models in step with votes: a reader's model is trained
// when their votes change (a vote, a vote taken back, papers named on the
// preferences page or with `subscribers like`), and a run trains whatever is
// stale before it ranks, so no digest uses a model older than its votes.
import { performance } from 'node:perf_hooks';
import type { App } from '../app.js';
import { fingerprint, parseArxivId } from '../ingest/index.js';
import { trainReader, type ReaderModel } from '../learn/index.js';
import {
  findPaper,
  findPaperByArxivId,
  papersWithTitleLike,
  recordVote,
  sampleOfRecentPapers,
  saveReaderModel,
  staleReaderModels,
  votedPapers,
} from '../store/index.js';
import type { Paper } from '../types.js';
import { CANDIDATE_DAYS } from './candidates.js';

/** Papers the reader did not vote on, as the negatives' sample: enough to say what is ordinary. */
const BACKGROUND_PAPERS = 400;

/** Trains (or drops) one reader's model from their votes as stored now. */
export async function retrainReader(app: App, subscriberId: number, background?: readonly Paper[]): Promise<ReaderModel | null> {
  const { liked, disliked } = await votedPapers(app.db, subscriberId);
  const votes = liked.length + disliked.length;
  const model = votes === 0 ? null : trainReader({ liked, disliked, background: background ?? (await sampleOfRecentPapers(app.db, CANDIDATE_DAYS, BACKGROUND_PAPERS)) });
  await saveReaderModel(app.db, subscriberId, model, votes, app.clock.now());
  return model;
}

/** Trains every model whose votes changed since it was trained; returns how many and the milliseconds it took. */
export async function refreshReaderModels(app: App): Promise<{ trained: number; ms: number }> {
  const started = performance.now();
  const stale = await staleReaderModels(app.db);
  if (stale.length === 0) return { trained: 0, ms: 0 };
  const background = await sampleOfRecentPapers(app.db, CANDIDATE_DAYS, BACKGROUND_PAPERS);
  for (const id of stale) await retrainReader(app, id, background);
  return { trained: stale.length, ms: performance.now() - started };
}

export type PaperReference = { reference: string } & ({ paper: Paper } | { error: string });

/** A paper the reader names by arXiv id or title: the stored paper, or why it cannot be told. */
export async function findPaperByReference(app: App, reference: string): Promise<PaperReference> {
  const text = reference.trim();
  const arxiv = parseArxivId(text);
  if (arxiv) {
    const paper = await findPaperByArxivId(app.db, arxiv.id);
    return paper ? { reference, paper } : { reference, error: `no stored paper has arXiv id ${arxiv.id}` };
  }
  if (text.length < 4) return { reference, error: 'too short to find a paper by: give its title or arXiv id' };
  const exact = await findPaper(app.db, fingerprint(text));
  if (exact) return { reference, paper: exact };
  const like = await papersWithTitleLike(app.db, text, 3);
  if (like.length === 1) return { reference, paper: like[0] };
  if (like.length === 0) return { reference, error: 'no stored paper has this title — check the spelling, or give its arXiv id' };
  return { reference, error: `several papers' titles hold this: ${like.map((paper) => `"${paper.title}"`).join(', ')} — give more of the title` };
}

/** Records a 👍 for each paper the reader names that is found, then trains their model once. */
export async function likePapers(app: App, subscriberId: number, references: readonly string[]): Promise<PaperReference[]> {
  const found: PaperReference[] = [];
  for (const reference of references) found.push(await findPaperByReference(app, reference));
  let liked = 0;
  for (const entry of found) {
    if (!('paper' in entry)) continue;
    await recordVote(app.db, { subscriberId, paperId: entry.paper.id, vote: 'up' }, app.clock.now());
    liked++;
  }
  if (liked > 0) await retrainReader(app, subscriberId);
  return found;
}
