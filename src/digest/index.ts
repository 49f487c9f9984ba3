// Editions: which matches go into one subscriber's digest (daily, weekly,
// instant), and the confirmation message. Pure: the clock comes in as `now`.

export { buildEdition, editionPaperIds, isEmptyEdition, type EditionInput, type EditionOptions } from './build.js';
export { buildConfirmation, type ConfirmInput } from './confirm.js';
export { byRank, byWeeklyRank, weeklyScore } from './rank.js';
