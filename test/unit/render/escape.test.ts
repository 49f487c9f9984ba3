import { describe, expect, it } from 'vitest';
import { escapeHtml, markHtml } from '../../../src/render/escape.js';

describe('markHtml', () => {
  it('escapes every piece and wraps only the spans in <strong>', () => {
    const text = '<b>Diffusion</b> & "models"';
    expect(markHtml(text, [{ start: 3, end: 12 }])).toBe('&lt;b&gt;<strong>Diffusion</strong>&lt;/b&gt; &amp; &quot;models&quot;');
  });

  it('never lets markup in a highlighted span through', () => {
    const text = 'x <script>alert(1)</script> y';
    expect(markHtml(text, [{ start: 2, end: 27 }])).toBe('x <strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong> y');
  });

  it('escapes characters that could end an attribute', () => {
    expect(escapeHtml(`a"b'c\`d=e`)).toBe('a&quot;b&#x27;c&#x60;d&#x3D;e');
  });
});
