// Papers for the reader-model tests: a reader who likes robot manipulation and dislikes vision.
import type { Paper } from '../../../src/types.js';

export function paper(id: string, title: string, abstract: string): Paper {
  return { id, title, abstract, authors: [], authorsCount: null, publishedAt: null, upvotes: null, url: null, arxivId: null, firstSeenAt: '2026-11-23T06:00:00Z' };
}

export const ROBOTS = [
  paper('r1', 'Robot grasping from demonstrations', 'A robot arm learns grasping and manipulation from human demonstrations.'),
  paper('r2', 'Imitation learning for dexterous manipulation', 'Dexterous robot hands imitate demonstrations to manipulate objects.'),
  paper('r3', 'Teleoperated demonstrations for robot manipulation', 'We collect teleoperated demonstrations and train manipulation policies.'),
];
export const VISION = [
  paper('v1', 'Image classification with vision transformers', 'Vision transformers classify images on ImageNet with patches.'),
  paper('v2', 'Semantic segmentation of street images', 'Segmentation of images of streets with convolutional networks.'),
];
