// What a reader model holds, as stored (reader_models.model, JSON). Plain
// data: trained by train.ts, read by score.ts and explain.ts.

/** A paper the reader voted on, as the model remembers it. */
export interface VotedPaper {
  id: string;
  title: string;
}

export interface LikedPaper extends VotedPaper {
  /** The paper's strongest stems and their weights, for "like <title>" reasons. */
  terms: [string, number][];
}

export interface ReaderModel {
  v: 1;
  /** Added to every paper's weighted sum before the logistic function. */
  bias: number;
  /** Stem → weight on the paper's log-scaled, unit-length stem vector (inverse document frequency folded in). */
  weights: [string, number][];
  liked: LikedPaper[];
  disliked: VotedPaper[];
  /** The words that count most for (first) and against (second), as readers write them. */
  words: { more: string[]; less: string[] };
}

/** How many 👍 a model needs before it may suggest papers beyond the topics. */
export const MIN_LIKES_FOR_SUGGESTIONS = 3;
