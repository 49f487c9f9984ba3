import { describe, expect, it } from 'vitest';
import { fingerprint, normaliseTitle } from '../../../src/ingest/fingerprint.js';

const TACO = 'TACO: Temporal Latent Action-Driven Contrastive Loss for Visual Reinforcement Learning';

describe('normaliseTitle', () => {
  it('folds case, punctuation and spacing', () => {
    expect(normaliseTitle(TACO)).toBe('taco temporal latent action driven contrastive loss for visual reinforcement learning');
    expect(normaliseTitle('  Don’t  Play\tFavorites!! — Minority   Guidance… ')).toBe('don t play favorites minority guidance');
  });

  it('applies NFKC and full case folding', () => {
    expect(normaliseTitle('ＴＡＣＯ ﬁne-tuning')).toBe('taco fine tuning');
    expect(normaliseTitle('Straße')).toBe(normaliseTitle('STRASSE'));
    expect(normaliseTitle('Light Schrödinger Bridge')).toBe(normaliseTitle('Light Schro\u0308dinger Bridge'));
  });

  it('keeps letters, digits and stripped-LaTeX words', () => {
    expect(normaliseTitle('Sharper Bounds for ell_p Sensitivity Sampling')).toBe('sharper bounds for ell p sensitivity sampling');
    expect(normaliseTitle('SAM2Long')).not.toBe(normaliseTitle('SAM 2 Long'));
  });
});

describe('fingerprint', () => {
  it('is 16 hex digits of the SHA-256 of the normalised title, stable across releases', () => {
    // sha256("taco temporal latent action driven contrastive loss for visual reinforcement learning"), by sha256sum
    expect(fingerprint(TACO)).toBe('405f5d817a3945c5');
  });

  it('gives a title that differs only in case, punctuation or spacing the same id', () => {
    const id = fingerprint(TACO);
    expect(fingerprint(TACO.toUpperCase())).toBe(id);
    expect(fingerprint('TACO - Temporal Latent Action Driven Contrastive Loss for Visual Reinforcement Learning.')).toBe(id);
    expect(fingerprint(` TACO:Temporal  Latent\tAction-Driven Contrastive Loss for Visual Reinforcement Learning `)).toBe(id);
  });

  it('gives different titles different ids', () => {
    expect(fingerprint(TACO)).not.toBe(fingerprint(TACO.replace('Visual', 'Auditory')));
    expect(fingerprint('Sharper Bounds for ell_p Sensitivity Sampling')).not.toBe(fingerprint('Sharper Bounds for ell_q Sensitivity Sampling'));
    expect(fingerprint('SAM2Long')).not.toBe(fingerprint('SAM 2 Long'));
    expect(fingerprint('???')).not.toBe(fingerprint('!!!'));
  });
});
