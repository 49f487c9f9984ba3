// Reader models from 👍/👎. Pure: votes and papers in, a model out; a model
// and a batch of papers in, scores out.
//
//   trainReader({ liked, disliked, background }) → ReaderModel (plain data, stored as JSON)
//   readerScores(model, index)                   → per paper of the batch, how far above the batch's average the reader wants it (deviations)
//   closestLikedIn(model, index)(ordinal)        → the liked paper a batch's paper most resembles (for "like <title>")
//   encodeVectors(index) / adoptVectors(index, bytes) → the batch's vectors kept with its index between runs
export { trainReader, type TrainingInput } from './train.js';
export { readerScores, closestLikedIn, encodeVectors, adoptVectors } from './score.js';
export { MIN_LIKES_FOR_SUGGESTIONS, type ReaderModel, type LikedPaper, type VotedPaper } from './model.js';
