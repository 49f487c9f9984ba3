// What a reader model holds. Plain data: trained by train.ts, read by
// score.ts, kept as JSON by the store (store/stored-model.ts).

/** A paper the reader voted on, as the model remembers it. */
export interface VotedPaper {
  id: string;
  title: string;
}

export interface LikedPaper extends VotedPaper {
  /** The paper's strongest stems, for "like <title>" reasons; `weights` holds theirs, in the same order. */
  stems: string[];
  weights: number[];
}

export interface ReaderModel {
  /** Added to every paper's weighted sum before the logistic function. */
  bias: number;
  /** The stems that count, strongest first; `weights` holds theirs, in the same order. */
  stems: string[];
  /** Each stem's weight on a paper's log-scaled, unit-length stem vector (inverse document frequency folded in). */
  weights: number[];
  liked: LikedPaper[];
  disliked: VotedPaper[];
  /** The words that count most for (first) and against (second), as readers write them. */
  words: { more: string[]; less: string[] };
}

/** How many 👍 a model needs before it may suggest papers beyond the topics. */
export const MIN_LIKES_FOR_SUGGESTIONS = 3;
