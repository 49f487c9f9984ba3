import type { Generated } from 'kysely';

// The tables as Kysely sees them. Columns are snake_case in SQL; the store
// modules map rows to the camelCase domain types.

export interface PapersTable {
  id: string;
  title: string;
  abstract: string;
  authors_count: number | null;
  published_at: string | null;
  upvotes: number | null;
  url: string | null;
  /** Without its version: the paper's identity across sources. */
  arxiv_id: string | null;
  /** The authors' names as a JSON array; null when no source listed them. */
  authors: string | null;
  arxiv_version: number | null;
  first_seen_at: string;
  updated_at: string;
}

export interface DumpsTable {
  id: Generated<number>;
  path: string;
  sha256: string;
  format: string;
  size: number;
  ingested_at: string;
  papers: number;
  new_papers: number;
}

export interface PaperDumpsTable {
  paper_id: string;
  dump_id: number;
  line: number;
}

export interface SubscribersTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  timezone: string;
  frequency: string;
  send_hour: number | null;
  send_weekday: number | null;
  max_papers: number | null;
  also_for_you: Generated<number | null>;
  status: string;
  permanent_failures: Generated<number>;
  /** The hash of the seed-file entry that last set this row; null when it came from elsewhere. */
  seed_hash: Generated<string | null>;
  /** Links signed before this instant (Unix seconds) are refused; null accepts every link. */
  links_valid_from: Generated<number | null>;
  /** Why the subscriber gets no more mail (see SuppressionReason); null while active, or when unknown. */
  suppressed_reason: Generated<string | null>;
  suppressed_detail: Generated<string | null>;
  suppressed_at: Generated<string | null>;
  created_at: string;
  updated_at: string;
}

export interface TopicsTable {
  subscriber_id: number;
  position: number;
  name: string;
  query: string;
}

export interface EditionsTable {
  id: Generated<number>;
  subscriber_id: number;
  kind: string;
  period: string;
  state: string;
  message_id: string | null;
  attempts: Generated<number>;
  last_code: number | null;
  last_response: string | null;
  last_command: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  /** The enhanced status (`5.1.1`) of a delivery status notification that failed this delivery after it was sent. */
  dsn_status: Generated<string | null>;
  /** The runner (runners.id) that last moved this delivery to `sending`. */
  claimed_by: Generated<string | null>;
}

/** One handled mail of the bounce mailbox: a DSN, a complaint or an unsubscribe mail. */
export interface MailEventsTable {
  id: Generated<number>;
  /** The mail's Message-ID, else a hash of its bytes: the same mail is never handled twice. */
  mail_key: string;
  kind: string;
  edition_id: number | null;
  subscriber_id: number | null;
  status: string | null;
  detail: string | null;
  received_at: string | null;
  handled_at: string;
}

/** The built digest of a planned edition as JSON (paper ids, topics, highlights), for resends and the web copy. */
export interface EditionDigestsTable {
  edition_id: number;
  digest: string;
}

/** The papers of one edition as a run reads them (sent-history.ts), keyed by the newest day they were first seen on. */
export interface SentHistoryTable {
  subscriber_id: number;
  kind: string;
  last_day: number;
  edition_id: number;
  first_day: number;
  /** Paper ids, one per line. */
  papers: string;
  /** The day each was first seen (sentDay), comma-separated, in the same order. */
  days: string;
}

export interface LeasesTable {
  name: string;
  holder: string;
  acquired_at: string;
  expires_at: string;
}

/** A process that builds or sends, alive while its heartbeat (expires_at) is renewed. */
export interface RunnersTable {
  id: string;
  host: string;
  pid: number;
  started_at: string;
  expires_at: string;
}

/** The runner building the edition of (subscriber, kind, period) in the current pass. */
export interface EditionClaimsTable {
  subscriber_id: number;
  kind: string;
  period: string;
  runner_id: string;
  claimed_at: string;
}

export interface RunsTable {
  id: Generated<number>;
  finished_at: string;
  /** The run's report as JSON. */
  report: string;
}

export interface FeedbackTable {
  subscriber_id: number;
  paper_id: string;
  vote: 'up' | 'down';
  created_at: string;
  updated_at: string;
}

/** Each voter's votes counted, and the newest one's time: `feedback` summed, kept in step with it (store/feedback.ts). */
export interface VoteTalliesTable {
  subscriber_id: number;
  votes: number;
  voted_at: string;
}

export interface ReaderModelsTable {
  subscriber_id: number;
  model: string;
  votes: number;
  trained_at: string;
}

/** The match index of the recent papers, kept between runs (match/stored-index.ts): a cache, keyed by those papers. */
export interface MatchIndexesTable {
  key: string;
  data: Uint8Array;
  created_at: string;
}

export interface SubscriptionRequestsTable {
  subscriber_id: number;
  /** The instant the confirmation link was signed at, whole seconds. */
  issued_at: string;
  timezone: string;
  frequency: string;
  /** The requested topics as JSON: `[{ name, query }]`. */
  topics: string;
  created_at: string;
}

export interface SeedFilesTable {
  path: string;
  sha256: string;
  merged_at: string;
}

/** A configured feed URL: what its last fetch brought, and the validators for the next one. */
export interface SourcesTable {
  url: string;
  name: string | null;
  etag: string | null;
  last_modified: string | null;
  fetched_at: string;
  /** The HTTP status of the last answer; null when none came (timeout, refused). */
  status: number | null;
  papers: number;
  new_papers: number;
  error: string | null;
}

export interface Database {
  papers: PapersTable;
  dumps: DumpsTable;
  paper_dumps: PaperDumpsTable;
  subscribers: SubscribersTable;
  topics: TopicsTable;
  editions: EditionsTable;
  edition_digests: EditionDigestsTable;
  sent_history: SentHistoryTable;
  feedback: FeedbackTable;
  vote_tallies: VoteTalliesTable;
  reader_models: ReaderModelsTable;
  subscription_requests: SubscriptionRequestsTable;
  leases: LeasesTable;
  runners: RunnersTable;
  edition_claims: EditionClaimsTable;
  runs: RunsTable;
  seed_files: SeedFilesTable;
  sources: SourcesTable;
  mail_events: MailEventsTable;
  match_indexes: MatchIndexesTable;
}
