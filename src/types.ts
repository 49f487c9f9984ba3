// The plain data types that the stages exchange. Each stage takes and returns
// these, never another stage's internals.

/** A paper as one dump describes it, before it is stored. */
export interface ParsedPaper {
  title: string;
  abstract: string;
  authorsCount: number | null;
  /** The authors' names in order; empty when the source does not list them. */
  authors: string[];
  /** ISO date `YYYY-MM-DD`, or null when the dump has none. */
  publishedAt: string | null;
  upvotes: number | null;
  url: string | null;
  /** Without its version (`2411.01234`): the paper's identity across sources. */
  arxivId: string | null;
  /** The arXiv version the source describes (2 for `2411.01234v2`); a later one updates the stored title and abstract. */
  arxivVersion?: number | null;
  /**
   * An arXiv listing's `replace` or `replace-cross` item: a new version of a
   * paper announced before. It updates a stored paper and never adds one.
   */
  reannounced?: boolean;
  /** 1-based line of the title in the dump, for error messages. */
  line: number;
}

/** A stored paper. `id` is the fingerprint of its normalised title. */
export interface Paper extends Omit<ParsedPaper, 'line' | 'arxivVersion' | 'reannounced'> {
  id: string;
  /** ISO instant the paper was first ingested. */
  firstSeenAt: string;
}

export type DumpFormat = 'blank-pairs' | 'metadata-pairs' | 'alternating' | 'json' | 'jsonl' | 'arxiv-atom' | 'arxiv-rss' | 'hf-daily-papers';

export type Frequency = 'instant' | 'daily' | 'weekly';
export type SubscriberStatus = 'pending' | 'active' | 'unsubscribed' | 'bounced';

/** A named query in the profile language. `name` defaults to the query text. */
export interface Topic {
  name: string;
  query: string;
}

export interface Subscriber {
  id: number;
  email: string;
  name: string | null;
  /** IANA zone, e.g. `Europe/London`. */
  timezone: string;
  frequency: Frequency;
  /** Local send hour 0–23; null means the config's default. */
  sendHour: number | null;
  /** 1 = Monday … 7 = Sunday; null means the config's default. */
  sendWeekday: number | null;
  /** null means the config's `digest.maxPapers`. */
  maxPapers: number | null;
  /** How many papers beyond the topics a digest may suggest (0–10); null means the config's `digest.alsoForYou`. */
  alsoForYou: number | null;
  status: SubscriberStatus;
  topics: Topic[];
  createdAt: string;
}

/** What the due computation reads of a subscriber: who, and when they get what. */
export type SubscriberSchedule = Pick<Subscriber, 'id' | 'email' | 'status' | 'frequency' | 'timezone' | 'sendHour' | 'sendWeekday'>;

export type EditionKind = 'daily' | 'weekly' | 'instant';

/** A matched span, as offsets into the original (unescaped) text. */
export interface Highlight {
  field: 'title' | 'abstract';
  start: number;
  end: number;
}

/** One paper matched for one subscriber, under their best topic. */
export interface Match {
  paper: Paper;
  score: number;
  /** Name of the topic that matched best. */
  topic: string;
  highlights: Highlight[];
  /** e.g. `matched topic Diffusion: "diffusion model" in the title` */
  why: string;
}

/** The content of one edition for one subscriber, before rendering. */
export interface Digest {
  kind: EditionKind | 'confirm';
  /** e.g. `2026-11-24`, `2026-W48`, an ingest id. */
  period: string;
  /** `${kind}:${period}`, unique per subscriber. */
  key: string;
  subscriber: Pick<Subscriber, 'id' | 'email' | 'name' | 'timezone'>;
  /** ISO instant the edition is built for. */
  at: string;
  /** Topic sections in rank order; a last section marked `also` holds papers suggested beyond the topics. */
  sections: { topic: string; matches: Match[]; also?: boolean }[];
  /** Matches that did not fit under maxPapers. */
  moreCount: number;
  /**
   * The topic papers from best to worst, each as its position among the
   * sections' papers read in order: sections group papers by topic, and a
   * digest cut to a size keeps the best of this order. Absent from digests
   * stored before it (they are cut by score).
   */
  order?: number[];
  /**
   * The most topic papers its email shows, the best by `order`; the web copy
   * shows them all. Set on an alert that matched more than `maxPapers`: it
   * keeps every match, since an ingest's papers are not offered again.
   */
  emailLimit?: number;
  /** Only for kind 'confirm': what the subscriber asked for. */
  confirm?: {
    topics: Topic[];
    frequency: Frequency;
    /** What an active subscriber gets now, when the request would change it. */
    current?: { topics: Topic[]; frequency: Frequency };
  };
}

/** A rendered message, ready for a transport. */
export interface Message {
  /** `<…@host>` derived from the edition key. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers: List-Id, List-Unsubscribe, List-Unsubscribe-Post. */
  headers: Record<string, string>;
  /** ISO instant for the Date header (the digest's `at`), used when the message is built into MIME. */
  date?: string;
  /** MAIL FROM: the VERP address bounces come back to (src/verp.ts); the From address when absent. */
  envelopeFrom?: string;
}
