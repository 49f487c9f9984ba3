// Editions: which matches go into one subscriber's digest (daily, weekly,
// instant), and the confirmation message. Pure: the clock comes in as `now`.

export { ALSO_FOR_YOU, buildEdition, editionPaperIds, isEmptyEdition, type EditionInput, type EditionOptions } from './build.js';
export { selectEdition, type SelectionInput, type SelectionOptions } from './select.js';
export { buildConfirmation, type ConfirmInput } from './confirm.js';
export { rankMatches, type ReaderTaste } from './rank.js';
export { withRest } from './web-copy.js';
