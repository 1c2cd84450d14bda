import type { Element, Root } from 'hast';
import rehypeExternalLinks from 'rehype-external-links';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/*
 * The only place HTML is produced from user text (decision fields, comments,
 * metric definitions, outcomes). It runs on the server and in the editor's
 * preview, so what an author previews is exactly what readers get.
 *
 * remark-gfm → remark-rehype (raw HTML is dropped, never passed through) →
 * rehype-sanitize (GitHub's allow-list: no scripts, no event handlers, only
 * http(s)/mailto links) → external links get rel="noopener noreferrer nofollow".
 */

const schema: SanitizeSchema = {
  ...defaultSchema,
  // Remote images would be tracking pixels and need the network; they become links (see imagesToLinks).
  tagNames: (defaultSchema.tagNames ?? []).filter((t) => t !== 'img'),
};

/** Record sections are h2; headings inside a field start below them (h1 → h3, capped at h6). */
function demoteHeadings() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      const m = /^h([1-6])$/.exec(node.tagName);
      if (m) node.tagName = `h${Math.min(6, Number(m[1]) + 2)}`;
    });
  };
}

function imagesToLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'img') return;
      const src = typeof node.properties?.src === 'string' ? node.properties.src : '';
      const alt = typeof node.properties?.alt === 'string' && node.properties.alt ? node.properties.alt : src;
      node.tagName = 'a';
      node.properties = { href: src };
      node.children = [{ type: 'text', value: `Image: ${alt}` }];
    });
  };
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(imagesToLinks)
  .use(demoteHeadings)
  .use(rehypeSanitize, schema)
  .use(rehypeExternalLinks, { rel: ['noopener', 'noreferrer', 'nofollow'] })
  .use(rehypeStringify)
  .freeze();

/*
 * Rendering is pure and costs about a millisecond per comment, and the same
 * texts are rendered again on every page view: keep the most recent results.
 * (A Map iterates in insertion order, which makes it a small LRU.)
 */
const CACHE_SIZE = 5000;
const CACHE_MAX_TEXT = 20_000;
const cache = new Map<string, string>();

/** Markdown → sanitised HTML, safe for dangerouslySetInnerHTML. */
export function renderMarkdown(markdown: string): string {
  if (!markdown.trim()) return '';
  const hit = cache.get(markdown);
  if (hit !== undefined) {
    cache.delete(markdown);
    cache.set(markdown, hit);
    return hit;
  }
  const html = String(processor.processSync(markdown));
  if (markdown.length <= CACHE_MAX_TEXT) {
    cache.set(markdown, html);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return html;
}
