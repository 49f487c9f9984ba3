import type { Migration } from 'kysely';
import * as papers from './001-papers.js';
import * as subscribers from './002-subscribers.js';
import * as editions from './003-editions.js';
import * as feedback from './004-feedback.js';
import * as daemon from './005-daemon.js';
import * as seed from './006-seed.js';
import * as editionWrites from './007-edition-writes.js';
import * as sentWindow from './008-sent-window.js';
import * as readerModels from './009-reader-models.js';
import * as linkRevocation from './010-link-revocation.js';
import * as sources from './011-sources.js';
import * as suppressions from './012-suppressions.js';
import * as runners from './013-runners.js';
import * as sentHistory from './014-sent-history.js';
import * as votesByReader from './015-votes-by-reader.js';
import * as oneRowPerEdition from './016-one-row-per-edition.js';
import * as readerModelColumns from './017-reader-model-columns.js';
import * as matchIndexes from './018-match-indexes.js';
import * as sentHistoryByDay from './019-sent-history-by-day.js';
import * as voteTallies from './020-vote-tallies.js';

// Listed here rather than read from a folder, so that they load the same way
// from src/ under tsx and from dist/ after a build. Names sort in run order.
export const migrations: Record<string, Migration> = {
  '001-papers': papers,
  '002-subscribers': subscribers,
  '003-editions': editions,
  '004-feedback': feedback,
  '005-daemon': daemon,
  '006-seed': seed,
  '007-edition-writes': editionWrites,
  '008-sent-window': sentWindow,
  '009-reader-models': readerModels,
  '010-link-revocation': linkRevocation,
  '011-sources': sources,
  '012-suppressions': suppressions,
  '013-runners': runners,
  '014-sent-history': sentHistory,
  '015-votes-by-reader': votesByReader,
  '016-one-row-per-edition': oneRowPerEdition,
  '017-reader-model-columns': readerModelColumns,
  '018-match-indexes': matchIndexes,
  '019-sent-history-by-day': sentHistoryByDay,
  '020-vote-tallies': voteTallies,
};
