// The renderer: templates compiled once by createRenderer, then each message
// is a pure, synchronous fill of a Digest.

import { PaperboyError } from '../errors.js';
import { requireSecret } from '../link-tokens.js';
import type { Digest, Match, Message } from '../types.js';
import { compileTemplates, templateError, type CompiledTemplates, type Fill } from './compile.js';
import { formatAddress, listId, listUnsubscribe, messageId, parseSender, type Sender } from './headers.js';
import { messageLinks, webCopyLinks, type LinkContext } from './links.js';
import { sampleDigests } from './sample.js';
import { preheaderFor, subjectFor } from './subject.js';
import { usesOwnTemplates, type TemplateName } from './template-files.js';
import { verpAddress } from '../verp.js';
import { buildView, RunPaperCache, type MessageView, type PaperCache } from './view.js';

export interface RendererOptions {
  /** A folder of the user's templates; files it lacks come from the built-in ones. */
  templatesDir?: string;
  /** `web.publicUrl`: the base of every link. */
  publicUrl: string;
  /** `delivery.from`, e.g. `Paperboy <digest@example.org>`. */
  from: string;
  /** The HMAC key for the links' tokens. */
  secret: string;
  /** The local part of the VERP envelope sender (`bounces.localPart`); `bounces` by default. */
  bounceLocalPart?: string;
}

export interface RenderOptions {
  /** The web copy (`/d/<token>`): no link in it acts for the reader (see webCopyLinks). */
  webCopy?: boolean;
}

export interface Renderer {
  render(digest: Digest, options?: RenderOptions): Message;
  /** The Message-ID the digest's message has, without rendering it. */
  messageId(digest: Digest): string;
}

export const TEMPLATE_OF: Record<Digest['kind'], TemplateName> = {
  daily: 'daily',
  weekly: 'weekly',
  instant: 'alert',
  confirm: 'confirm',
};

export async function createRenderer(options: RendererOptions): Promise<Renderer> {
  const sender = parseSender(options.from);
  checkPublicUrl(options.publicUrl);
  requireSecret(options.secret);
  const templates = await compileTemplates(options.templatesDir);
  const paperCache: PaperCache = new RunPaperCache();
  const render = (digest: Digest, renderOptions?: RenderOptions) => renderWith(templates, sender, options, digest, paperCache, renderOptions?.webCopy ?? false);
  // Strict templates fail on a field the view lacks: rendering a sample of
  // every kind now makes an operator's template stop start-up, not a send.
  if (usesOwnTemplates(options.templatesDir)) for (const digest of sampleDigests()) render(digest);
  return { render, messageId: (digest) => messageId(digest, sender.domain) };
}

function renderWith(templates: CompiledTemplates, sender: Sender, options: RendererOptions, digest: Digest, paperCache: PaperCache, webCopy: boolean): Message {
  const template = templates[TEMPLATE_OF[digest.kind]];
  if (digest.kind === 'confirm' && !digest.confirm) {
    throw new PaperboyError('PB_USAGE', 'a confirm digest needs the topics and frequency asked for — build it with buildConfirmation()');
  }
  const prepare = (shown: Digest) => prepareMessage(shown, sender, options, paperCache, webCopy);
  // The web copy shows every paper; an email its best, as many as its limit and then Gmail's clip allow.
  const shown = webCopy ? digest : withinLimit(digest);
  let prepared = prepare(shown);
  let html = fill(template.html, prepared.view, template.files.mjml, false);
  if (!webCopy && template.htmlBytes(html) > HTML_BUDGET) {
    ({ prepared, html } = withinBudget(template, shown, prepare));
  }
  return {
    ...prepared.envelope,
    html,
    text: fill(template.text, prepared.view, template.files.text, true),
  };
}

/**
 * Gmail clips a message whose HTML passes about 102 KB, hiding the rest,
 * the unsubscribe link included. Past this, the digest keeps its best papers
 * and the rest go into "and N more", with the link to the web copy.
 */
export const HTML_BUDGET = 100_000;

type Prepared = ReturnType<typeof prepareMessage>;

/** An alert that keeps more matches than its email shows (Digest.emailLimit), cut to its best. */
function withinLimit(digest: Digest): Digest {
  if (digest.emailLimit === undefined) return digest;
  const { topical, suggested } = rankedPapers(digest);
  return topical.length > digest.emailLimit ? keeping(digest, [...topical.slice(0, digest.emailLimit), ...suggested], topical) : digest;
}

/**
 * The most papers (in the edition's rank order, best first) whose HTML fits
 * the budget, found by bisection: a fill costs microseconds, so a handful of
 * them beat estimating sizes that depend on each paper's text and on the
 * template.
 */
function withinBudget(template: CompiledTemplates[TemplateName], digest: Digest, prepare: (digest: Digest) => Prepared): { prepared: Prepared; html: string } {
  // Papers that matched the topics, best first, then the suggestions beyond
  // the topics, which go first when room runs out.
  const { topical, suggested } = rankedPapers(digest);
  const ranked = topical.concat(suggested);
  const attempt = (keep: number) => {
    const prepared = prepare(keeping(digest, ranked.slice(0, keep), topical));
    return { prepared, html: fill(template.html, prepared.view, template.files.mjml, false) };
  };
  let best = attempt(0);
  let [low, high] = [0, ranked.length - 1];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const tried = attempt(middle);
    if (template.htmlBytes(tried.html) <= HTML_BUDGET) [low, best] = [middle, tried];
    else high = middle - 1;
  }
  return best;
}

/** A digest's topic papers in its rank order, and its suggestions beyond the topics. */
function rankedPapers(digest: Digest): { topical: Match[]; suggested: Match[] } {
  const topical = digest.sections.filter((section) => !section.also).flatMap((section) => section.matches);
  return { topical: bestFirst(topical, digest.order), suggested: digest.sections.filter((section) => section.also).flatMap((section) => section.matches) };
}

/** The digest with only the `kept` papers, in its sections; the topic papers left out go into "and N more". */
function keeping(digest: Digest, kept: readonly Match[], topical: readonly Match[]): Digest {
  const keep = new Set(kept);
  const sections = digest.sections.map((section) => ({ ...section, matches: section.matches.filter((match) => keep.has(match)) }));
  // The kept topic papers' rank order, as positions among the papers left: a later cut to a size keeps the best.
  const position = new Map(sections.flatMap((section) => section.matches).map((match, i) => [match, i]));
  const order = topical.filter((match) => keep.has(match)).map((match) => position.get(match)!);
  const { emailLimit: _limit, ...rest } = digest;
  return { ...rest, sections, order, moreCount: digest.moreCount + topical.filter((match) => !keep.has(match)).length };
}

/** The topic papers in the edition's rank order; by score for a digest stored before it kept one. */
function bestFirst(topical: readonly Match[], order: readonly number[] | undefined): Match[] {
  if (order && order.length === topical.length) return order.map((position) => topical[position]);
  return topical
    .map((match, position) => ({ match, position }))
    .sort((a, b) => b.match.score - a.match.score || a.position - b.position)
    .map(({ match }) => match);
}

/** Everything of a message but its two bodies: the view they are filled from, and the headers. */
export function prepareMessage(
  digest: Digest,
  sender: Sender,
  options: Pick<RendererOptions, 'publicUrl' | 'secret' | 'bounceLocalPart'>,
  paperCache?: PaperCache,
  webCopy = false,
): { view: MessageView; envelope: Omit<Message, 'html' | 'text'> } {
  const linkContext: LinkContext = { publicUrl: options.publicUrl, secret: options.secret, subscriberId: digest.subscriber.id, at: new Date(digest.at) };
  const links = webCopy ? webCopyLinks(linkContext, digest.key) : messageLinks(linkContext, digest.key);
  const subject = subjectFor(digest, sender.brand);
  const view = buildView(digest, { brand: sender.brand, subject, preheader: preheaderFor(digest), links, linkContext, paperCache, webCopy });
  const headers: Record<string, string> = { 'List-Id': listId(sender) };
  // A confirmation goes to someone who has not subscribed yet: there is nothing to leave.
  if (digest.kind !== 'confirm' && !webCopy) {
    headers['List-Unsubscribe'] = listUnsubscribe(links.unsubscribe, links.unsubscribeToken, sender.domain);
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const id = messageId(digest, sender.domain);
  const envelope = {
    messageId: id,
    from: sender.from,
    to: formatAddress(digest.subscriber.name, digest.subscriber.email),
    // subjectFor's subject is header text already.
    subject,
    headers,
    date: digest.at,
    // A confirmation has no delivery row for a bounce to fail: its bounces go to the From address.
    envelopeFrom: digest.kind === 'confirm' ? undefined : verpAddress(options.secret, options.bounceLocalPart ?? 'bounces', sender.domain, id),
  };
  return { view, envelope };
}

function fill(template: Fill, view: MessageView, file: string, sourceLines: boolean): string {
  try {
    return template(view);
  } catch (error) {
    // Strict mode: a template naming a field the view lacks fails here, not with a blank.
    const message = String((error as Error).message);
    const at = / - (\d+):\d+$/.exec(message);
    // Lines of compiled MJML are not lines of the source file: name the field only.
    const line = sourceLines && at ? Number(at[1]) : 0;
    const reason = message.replace(/ in \[object Object\]| - \d+:\d+$/g, '').replace(/ in undefined/, ' (its parent is missing)');
    throw templateError({ file, line }, `${reason} — check the field names against the built-in templates`, error);
  }
}

function checkPublicUrl(url: string): void {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new PaperboyError('PB_CONFIG_KEY', `web.publicUrl: ${JSON.stringify(url)} is not an http(s) URL — links in emails start with it, e.g. https://papers.example.org`);
  }
}
