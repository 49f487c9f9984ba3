import type { FastifyInstance } from 'fastify';
import { PaperboyError } from '../../errors.js';
import { webCopyDigest } from '../../run/index.js';
import { archiveDays, findEditionId, loadDigest, papersOfDay } from '../../store/index.js';
import type { EditionKind } from '../../types.js';
import { paperCard } from '../paper-view.js';
import type { WebContext } from '../server.js';
import { subscriberOf } from '../subscription.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// A day holds a hundred papers or more: the first lines of each abstract are enough to choose from.
const ARCHIVE_SNIPPET = 240;
// A day may hold thousands of papers: the page shows them this many at a time.
export const ARCHIVE_PAGE_SIZE = 100;
const KINDS: readonly string[] = ['daily', 'weekly', 'instant'] satisfies EditionKind[];
const DAY_LABEL = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * The public archive: papers by the day they were ingested (UTC), and the
 * web copy of one sent digest. The archive shows papers only, never anything
 * about subscribers.
 */
export function registerArchive(server: FastifyInstance, context: WebContext): void {
  server.get('/archive', async (_request, reply) => {
    const days = await archiveDays(context.app.db);
    reply.header('cache-control', 'public, max-age=300');
    return context.page(reply, 'archive', {
      title: 'Archive',
      days: days.map((day) => ({ href: `/archive/${day.day}`, label: dayLabel(day.day), count: countLabel(day.papers), datetime: day.day })),
    });
  });

  server.get('/archive/:day', async (request, reply) => {
    const { day } = request.params as { day: string };
    if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
      throw notFound();
    }
    const page = pageNumber((request.query as { page?: unknown }).page);
    const { papers, total } = await papersOfDay(context.app.db, day, { offset: (page - 1) * ARCHIVE_PAGE_SIZE, limit: ARCHIVE_PAGE_SIZE });
    if (total === 0) throw notFound();
    const pages = Math.ceil(total / ARCHIVE_PAGE_SIZE);
    if (page > pages) throw new PaperboyError('PB_NOT_FOUND', `this day has ${pages === 1 ? 'one page' : `${pages} pages`} of papers — go back to the first`);
    const pageLink = (n: number) => (n >= 1 && n <= pages ? { href: n === 1 ? `/archive/${day}` : `/archive/${day}?page=${n}`, label: `Page ${n}` } : null);
    const days = (await archiveDays(context.app.db)).map((entry) => entry.day);
    const at = days.indexOf(day);
    const link = (other: string | undefined) => (other ? { href: `/archive/${other}`, label: dayLabel(other) } : null);
    reply.header('cache-control', 'public, max-age=300');
    return context.page(reply, 'archive-day', {
      title: pages > 1 ? `${dayLabel(day)}, page ${page}` : dayLabel(day),
      heading: dayLabel(day),
      count: countLabel(total),
      papers: papers.map((paper) => paperCard(paper, undefined, ARCHIVE_SNIPPET)),
      start: (page - 1) * ARCHIVE_PAGE_SIZE + 1,
      paging: pages > 1 ? { page, pages, previous: pageLink(page - 1), next: pageLink(page + 1) } : null,
      newer: link(days[at - 1]),
      older: link(days[at + 1]),
    });
  });

  // The "view in browser" copy: the email itself, rebuilt from the stored edition.
  server.get(
    '/d/:token',
    {
      helmet: {
        // Email HTML is styled inline and has no script: allow the styles, forbid everything active.
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            'default-src': ["'none'"],
            'style-src': ["'unsafe-inline'"],
            'img-src': ['https:', 'data:'],
            'base-uri': ["'none'"],
            'form-action': ["'none'"],
            'frame-ancestors': ["'none'"],
          },
        },
      },
    },
    async (request, reply) => {
      const token = context.verify((request.params as { token: string }).token, 'view');
      const key = token.data ?? '';
      const split = key.indexOf(':');
      const kind = key.slice(0, split);
      if (split < 1 || !KINDS.includes(kind)) {
        throw new PaperboyError('PB_TOKEN_INVALID', 'this link is not valid: it names no digest — use the "view in browser" link from your email');
      }
      const subscriber = await subscriberOf(context.app, token);
      const id = await findEditionId(context.app.db, { subscriberId: subscriber.id, kind: kind as EditionKind, period: key.slice(split + 1) });
      const stored = id === null ? null : await loadDigest(context.app.db, id);
      if (!stored) throw new PaperboyError('PB_NOT_FOUND', 'this digest is no longer kept — the newest papers are in the archive');
      let digest = stored.digest;
      try {
        digest = await webCopyDigest(context.app, stored.digest, subscriber, () => context.candidateWindow.matcher());
      } catch (error) {
        // The papers the email carried are still worth showing.
        context.app.log.warn({ error: (error as Error).message, edition: id }, 'could not add the papers that did not fit to a web copy');
      }
      return reply.type('text/html; charset=utf-8').send(context.renderer.render(digest, { webCopy: true }).html);
    },
  );
}

/** `?page=N`, 1 when absent; anything but a whole number from 1 is a page that does not exist. */
function pageNumber(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'string' || !/^[1-9]\d{0,5}$/.test(value)) {
    throw new PaperboyError('PB_NOT_FOUND', 'there is no such page of this day — go back to the first');
  }
  return Number(value);
}

function dayLabel(day: string): string {
  return DAY_LABEL.format(new Date(`${day}T00:00:00Z`)).replace(',', '');
}

function countLabel(count: number): string {
  return count === 1 ? '1 paper' : `${count} papers`;
}

function notFound(): PaperboyError {
  return new PaperboyError('PB_NOT_FOUND', 'there are no papers for this day — pick one from the archive');
}
