// Rendering: templates compiled once at start-up (MJML → HTML holding
// Handlebars expressions), then each Digest becomes a Message by a pure,
// synchronous fill; toEml gives the MIME bytes the transports send (deliver/mime.ts).

export { createRenderer, type RenderOptions, type Renderer, type RendererOptions } from './renderer.js';
export { builtinTemplatesDir, TEMPLATE_NAMES, type TemplateName } from './template-files.js';
export { sampleDigests } from './sample.js';
export { benchDigest, benchRender, type LoopFigures, type RenderBenchOptions, type RenderBenchResult } from './bench.js';
// Pieces the web pages share with the emails, so that a paper looks and links the same in both.
export { paperUrl } from './links.js';
export { publishedLabel } from './dates.js';
export { excerpt, normaliseSpans, type Span } from './snippet.js';
export { escapeHtml } from './escape.js';
export { parseSender } from './headers.js';
