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
  let prepared = prepareMessage(digest, sender, options, paperCache, webCopy);
  let html = fill(template.html, prepared.view, template.files.mjml, false);
  // A web page is not clipped: the web copy holds every paper, as its email's "see all" promises.
  if (!webCopy && template.htmlBytes(html) > HTML_BUDGET) {
    ({ prepared, html } = withinBudget(template, digest, (cut) => prepareMessage(cut, sender, options, paperCache, webCopy)));
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

/**
 * The most papers (in the edition's rank order, best first) whose HTML fits
 * the budget, found by bisection: a fill costs microseconds, so a handful of
 * them beat estimating sizes that depend on each paper's text and on the
 * template.
 */
function withinBudget(template: CompiledTemplates[TemplateName], digest: Digest, prepare: (digest: Digest) => Prepared): { prepared: Prepared; html: string } {
  // Papers that matched the topics, best first, then the suggestions beyond
  // the topics, which go first when room runs out.
  const topical = digest.sections.filter((section) => !section.also).flatMap((section) => section.matches);
  const ranked = bestFirst(topical, digest.order).concat(digest.sections.filter((section) => section.also).flatMap((section) => section.matches));
  const attempt = (keep: number) => {
    const kept = new Set(ranked.slice(0, keep));
    const { order: _order, ...whole } = digest;
    const cut: Digest = {
      ...whole,
      sections: digest.sections.map((section) => ({ ...section, matches: section.matches.filter((match) => kept.has(match)) })),
      moreCount: digest.moreCount + Math.max(0, topical.length - keep),
    };
    const prepared = prepare(cut);
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
