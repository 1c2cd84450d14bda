import { renderMarkdown } from '@/lib/markdown';

/** User Markdown, rendered by the one sanitising renderer. */
export function Markdown({ text, className = 'prose', empty }: { text: string; className?: string; empty?: string }) {
  if (!text.trim()) return empty ? <p className="placeholder">{empty}</p> : null;
  // renderMarkdown sanitises with rehype-sanitize: no raw HTML, scripts or javascript: URLs survive.
  return <div className={className} dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}
