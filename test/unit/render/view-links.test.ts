import { describe, expect, it } from 'vitest';
import { messageLinks } from '../../../src/render/links.js';
import { buildView } from '../../../src/render/view.js';
import { AT, dailyDigest, PUBLIC_URL, SECRET } from './fixtures.js';

describe("a message view's links", () => {
  it('leave the confirmation link unsigned until a template prints it, and still give it then', () => {
    const linkContext = { publicUrl: PUBLIC_URL, secret: SECRET, subscriberId: 42, at: new Date(AT) };
    const signed = messageLinks(linkContext, 'daily:2026-11-24');
    let reads = 0;
    const links = Object.defineProperty({ ...signed }, 'confirm', {
      get() {
        reads++;
        return signed.confirm;
      },
    });
    const view = buildView(dailyDigest(), { brand: 'Paperboy', subject: 'Papers', preheader: '', links, linkContext });
    // A digest never prints it: signing it would be one HMAC in six for nothing.
    expect(reads).toBe(0);
    expect(view.links).not.toHaveProperty('unsubscribeToken');
    expect(view.links.view).toBe(signed.view);
    expect(view.links.confirm).toMatch(/^https:\/\/papers\.example\.org\/confirm\?token=[\w.-]+$/);
    expect(reads).toBe(1);
  });
});
