import { describe, expect, it } from 'vitest';
import { buildEdition, editionPaperIds, isEmptyEdition, selectEdition, type SelectionInput } from '../../../src/digest/index.js';
import { countedAffinity } from '../../../src/digest/rank.js';
import { trainReader } from '../../../src/learn/index.js';
import { buildIndex, createMatcher } from '../../../src/match/index.js';
import { SentPapers } from '../../../src/sent-papers.js';
import type { Paper } from '../../../src/types.js';

const NOW = new Date('2026-11-24T07:00:00Z');

function paper(id: string, title: string, abstract: string, upvotes: number | null = null): Paper {
  return { id, title, abstract, authors: [], authorsCount: null, publishedAt: null, upvotes, url: null, arxivId: null, firstSeenAt: '2026-11-23T06:00:00Z' };
}

// Ten papers on diffusion: the first five about images (stronger topic matches), the last five about robots.
const IMAGES = Array.from({ length: 5 }, (_, i) => paper(`img${i}`, `Diffusion models for image synthesis ${i}`, `A diffusion model generates images; diffusion sampling of pictures ${i}.`, 10 - i));
const ROBOTS = Array.from({ length: 5 }, (_, i) => paper(`rob${i}`, `Policies for robot grasping ${i}`, `A diffusion policy lets a robot arm grasp and manipulate objects ${i}.`, i));
const OFF_TOPIC = [
  paper('off-robot', 'Dexterous robot manipulation from demonstrations', 'A robot hand learns to grasp and manipulate objects from demonstrations.'),
  paper('off-other', 'Protein folding with graph networks', 'Graphs of residues predict protein structure.'),
];
const FILLER = Array.from({ length: 120 }, (_, i) => paper(`f${i}`, `Study ${i} of ${['markets', 'speech', 'weather'][i % 3]}`, `We study ${['markets', 'speech', 'weather'][i % 3]} with data, case ${i}.`));
const ALL = [...IMAGES, ...ROBOTS, ...OFF_TOPIC, ...FILLER];

function input(overrides: Partial<SelectionInput> = {}): SelectionInput {
  return {
    kind: 'daily',
    period: '2026-11-24',
    subscriber: { id: 1, email: 'ada@example.org', name: 'Ada', timezone: 'UTC', maxPapers: 5, alsoForYou: 3, topics: [{ name: 'Diffusion', query: 'diffusion' }] },
    candidates: createMatcher(buildIndex(ALL)),
    reader: null,
    sent: new Set(),
    now: NOW,
    ...overrides,
  };
}

const OPTIONS = { maxPapers: 20, alsoForYou: 3 };
const ids = (digest: ReturnType<typeof selectEdition>) => editionPaperIds(digest);
const robotFan = () => trainReader({ liked: [ROBOTS[0], ROBOTS[1], ROBOTS[2], ROBOTS[3]].map((p) => ({ ...p, id: `${p.id}-seen` })), disliked: [IMAGES[0]].map((p) => ({ ...p, id: `${p.id}-seen` })), background: FILLER });

describe('selectEdition', () => {
  it('with no votes, is exactly the topic ranking, cut to maxPapers, with the rest counted', () => {
    const digest = selectEdition(input(), OPTIONS);
    const { matches } = createMatcher(buildIndex(ALL)).matchTopics([{ name: 'Diffusion', query: 'diffusion' }]);
    const expected = buildEdition({ kind: 'daily', period: '2026-11-24', subscriber: input().subscriber, matches, now: NOW }, { maxPapers: 5 });
    expect(ids(digest)).toEqual(editionPaperIds(expected));
    expect(ids(digest)).toEqual(['img0', 'img1', 'img2', 'img3', 'img4']);
    expect(digest.moreCount).toBe(5);
    expect(digest.sections.some((section) => section.also)).toBe(false);
  });

  it('blends the votes in before the cut: papers like the liked ones make it into the digest', () => {
    const digest = selectEdition(input({ reader: robotFan() }), OPTIONS);
    const topical = digest.sections.filter((section) => !section.also).flatMap((section) => section.matches.map((match) => match.paper.id));
    expect(topical.filter((id) => id.startsWith('rob')).length).toBeGreaterThanOrEqual(3);
    expect(topical).toHaveLength(5);
    expect(digest.moreCount).toBe(5);
  });

  it('suggests papers beyond the topics once the reader liked three, each with the liked paper it resembles', () => {
    const digest = selectEdition(input({ reader: robotFan() }), OPTIONS);
    const also = digest.sections.find((section) => section.also);
    expect(also?.topic).toBe('Also for you');
    expect(also?.matches.map((match) => match.paper.id)).toEqual(['off-robot']);
    expect(also?.matches[0].why).toMatch(/^like "Policies for robot grasping \d"$/);
  });

  it('suggests nothing to a reader who chose none, from fewer than three likes, from dislikes alone, or in an alert', () => {
    const reader = robotFan();
    const none = (digest: ReturnType<typeof selectEdition>) => !digest.sections.some((section) => section.also);
    expect(none(selectEdition(input({ reader, subscriber: { ...input().subscriber, alsoForYou: 0 } }), OPTIONS))).toBe(true);
    expect(none(selectEdition(input({ reader, kind: 'instant', period: 'x' }), OPTIONS))).toBe(true);
    const twoLikes = trainReader({ liked: [ROBOTS[0], ROBOTS[1]].map((p) => ({ ...p, id: `${p.id}-seen` })), disliked: [], background: FILLER });
    expect(none(selectEdition(input({ reader: twoLikes }), OPTIONS))).toBe(true);
    const onlyDislikes = trainReader({ liked: [], disliked: IMAGES.map((p) => ({ ...p, id: `${p.id}-seen` })), background: FILLER });
    const disliking = selectEdition(input({ reader: onlyDislikes }), OPTIONS);
    expect(none(disliking)).toBe(true);
    expect(ids(disliking)).toHaveLength(5);
  });

  it('never suggests or repeats a paper already sent', () => {
    const digest = selectEdition(input({ reader: robotFan(), sent: new Set(['off-robot', 'rob0']) }), OPTIONS);
    expect(ids(digest)).not.toContain('off-robot');
    expect(ids(digest)).not.toContain('rob0');
  });

  it('leaves out the papers the reader voted on, which they know, as it leaves out those sent', () => {
    // Named on the preferences page as already liked, or voted on in a daily before the reader chose weekly: never sent in this kind.
    const reader = trainReader({ liked: ROBOTS.slice(0, 3), disliked: [IMAGES[0]], background: FILLER });
    const voted = ['rob0', 'rob1', 'rob2', 'img0'];
    for (const sent of [new Set<string>(), new SentPapers([['img1']])]) {
      for (const kind of ['daily', 'weekly', 'instant'] as const) {
        const digest = selectEdition(input({ kind, period: 'p', reader, sent }), OPTIONS);
        const topical = digest.sections.filter((section) => !section.also).flatMap((section) => section.matches.map((match) => match.paper.id));
        for (const id of [...voted, ...sent]) expect(ids(digest)).not.toContain(id);
        // The ten diffusion papers less the four voted on (and the one sent): the rest, not fewer.
        // An alert keeps them all, its email the best five (Digest.emailLimit).
        const left = sent.size === 0 ? 6 : 5;
        expect(topical).toHaveLength(kind === 'instant' ? left : 5);
        expect(digest.moreCount).toBe(kind === 'instant' ? 0 : left - 5);
        expect(digest.emailLimit).toBe(kind === 'instant' && left > 5 ? 5 : undefined);
      }
    }
  });

  it('leaves out the papers already sent, whether they come as a set or as the store’s lists, on every path', () => {
    const asSet = new Set(['img0', 'rob0', 'off-robot']);
    // As the store reads them: a list per past edition, a paper in two, one no longer among the candidates.
    const asLists = new SentPapers([['img0', 'gone'], ['rob0', 'off-robot'], ['img0']]);
    for (const overrides of [{}, { reader: robotFan() }, { kind: 'weekly' as const, period: '2026-W48' }]) {
      const fromSet = selectEdition(input({ ...overrides, sent: asSet }), OPTIONS);
      const fromLists = selectEdition(input({ ...overrides, sent: asLists }), OPTIONS);
      expect(ids(fromLists)).toEqual(ids(fromSet));
      expect(fromLists.moreCount).toBe(fromSet.moreCount);
      for (const id of asSet) expect(ids(fromLists)).not.toContain(id);
    }
    expect(ids(selectEdition(input({ sent: asLists }), OPTIONS))).toEqual(['img1', 'img2', 'img3', 'img4', 'rob4']);
  });

  it('does not count the papers already sent as more, and is empty, not an error, when every match was sent', () => {
    const images = new Set(IMAGES.map((p) => p.id));
    const fewer = selectEdition(input({ sent: images }), OPTIONS);
    expect(ids(fewer)).toHaveLength(5);
    expect(ids(fewer).some((id) => images.has(id))).toBe(false);
    expect(fewer.moreCount).toBe(0);
    const all = selectEdition(input({ sent: new SentPapers([IMAGES.map((p) => p.id), ROBOTS.map((p) => p.id)]) }), OPTIONS);
    expect(isEmptyEdition(all)).toBe(true);
    expect(all.moreCount).toBe(0);
  });

  it('ranks weekly summaries and instant alerts with the same model', () => {
    const reader = robotFan();
    for (const kind of ['weekly', 'instant'] as const) {
      const plain = selectEdition(input({ kind, period: 'p' }), OPTIONS);
      const taught = selectEdition(input({ kind, period: 'p', reader }), OPTIONS);
      // Among the papers the email shows: an alert keeps every match, its email the best (by its order).
      const robots = (digest: ReturnType<typeof selectEdition>) => {
        const topical = digest.sections.filter((s) => !s.also).flatMap((s) => s.matches);
        const shown = digest.emailLimit === undefined ? topical : digest.order!.slice(0, digest.emailLimit).map((position) => topical[position]);
        return shown.filter((m) => m.paper.id.startsWith('rob')).length;
      };
      expect(robots(taught)).toBeGreaterThan(robots(plain));
    }
  });
});

describe('countedAffinity', () => {
  it('from fewer than three likes, counts only what the model is sure the reader does not want', () => {
    expect(countedAffinity(2, 2.5)).toBe(0);
    expect(countedAffinity(2, -1)).toBe(0);
    expect(countedAffinity(2, -1.9)).toBe(0);
    expect(countedAffinity(2, -2.5)).toBe(-0.5);
    expect(countedAffinity(0, -3)).toBe(-1);
    expect(countedAffinity(3, 2.5)).toBe(2.5);
    expect(countedAffinity(3, -1)).toBe(-1);
  });
});
