// A digest of every kind with every optional part filled in (names,
// upvotes, more papers than fit): rendering these at start-up exercises each
// branch of a template once. Also handy for previews without a store.

import type { Digest, Match, Paper } from '../types.js';

const AT = '2026-11-24T07:00:00.000Z';
const SUBSCRIBER = { id: 0, email: 'ada@example.org', name: 'Ada', timezone: 'Europe/London' };

function paper(id: string, title: string, abstract: string): Paper {
  const authors = ['Ada Lovelace', 'Charles Babbage', 'Mary Somerville', 'Augustus De Morgan', 'Michael Faraday', 'John Herschel', 'Grace Hopper'];
  return { id, title, abstract, authorsCount: authors.length, authors, publishedAt: '2026-11-23', upvotes: 42, url: null, arxivId: null, firstSeenAt: AT };
}

function match(p: Paper, topic: string, word: string): Match {
  const inTitle = p.title.toLowerCase().indexOf(word);
  const inAbstract = p.abstract.toLowerCase().indexOf(word);
  return {
    paper: p,
    score: 10,
    topic,
    highlights: [
      ...(inTitle >= 0 ? [{ field: 'title' as const, start: inTitle, end: inTitle + word.length }] : []),
      ...(inAbstract >= 0 ? [{ field: 'abstract' as const, start: inAbstract, end: inAbstract + word.length }] : []),
    ],
    why: `matched topic ${topic}: "${word}" in the title`,
  };
}

const PAPERS = [
  paper(
    'sample-1',
    'Vector Quantized Diffusion Model for Text-to-Image Synthesis',
    'We present the vector quantized diffusion (VQ-Diffusion) model for text-to-image generation. This method is based on a vector quantized variational autoencoder (VQ-VAE) whose latent space is modeled by a conditional variant of the recently developed Denoising Diffusion Probabilistic Model (DDPM).',
  ),
  paper(
    'sample-2',
    'Out-Of-Distribution Detection Is Not All You Need',
    'The usage of deep neural networks in safety-critical systems is limited by our ability to guarantee their correct behavior. Runtime monitors are components aiming to identify unsafe predictions and discard them before they can lead to catastrophic consequences.',
  ),
];

export function sampleDigests(): Digest[] {
  const sections = [
    { topic: 'Diffusion', matches: [match(PAPERS[0], 'Diffusion', 'diffusion')] },
    { topic: 'OOD', matches: [match(PAPERS[1], 'OOD', 'distribution')] },
  ];
  const edition = (kind: 'daily' | 'weekly' | 'instant', period: string): Digest => ({
    kind,
    period,
    key: `${kind}:${period}`,
    subscriber: SUBSCRIBER,
    at: AT,
    sections,
    moreCount: 3,
  });
  return [
    edition('daily', '2026-11-24'),
    edition('weekly', '2026-W48'),
    edition('instant', 'sample'),
    {
      kind: 'confirm',
      period: AT,
      key: `confirm:${AT}`,
      subscriber: SUBSCRIBER,
      at: AT,
      sections: [],
      moreCount: 0,
      confirm: { topics: [{ name: 'Diffusion', query: '"diffusion model" -audio' }], frequency: 'daily' },
    },
  ];
}
