import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '@/lib/markdown';

// A corpus of classic XSS payloads (OWASP cheat sheet, GitHub and markdown-it advisories).
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](  javascript:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '![x](javascript:alert(1))',
  '<details open ontoggle=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<object data="javascript:alert(1)"></object>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '[a]: javascript:alert(1)\n\n[ref][a]',
  '<a href="https://ok.example" onclick="alert(1)">x</a>',
  '`<script>alert(1)</script>`',
  '<style>body{display:none}</style>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<input autofocus onfocus=alert(1)>',
  '<<script>script>alert(1)<</script>/script>',
];

describe('the sanitising Markdown renderer', () => {
  it.each(PAYLOADS)('neutralises %s', (payload) => {
    const html = renderMarkdown(payload);
    expect(html).not.toMatch(/<script|<iframe|<object|<svg|<math|<style|<meta|<base|<form|<img/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/(href|src|action|data)\s*=\s*"?\s*(javascript|vbscript|data):/i);
    expect(html).not.toMatch(/style\s*=/i);
  });

  it('renders GitHub-flavoured Markdown: tables, task lists, strikethrough, autolinks', () => {
    const html = renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ https://example.com');
    expect(html).toContain('<table>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('<del>old</del>');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer nofollow">');
  });

  it('marks external links noopener noreferrer nofollow and leaves internal links alone', () => {
    expect(renderMarkdown('[x](https://evil.example/)')).toContain('rel="noopener noreferrer nofollow"');
    expect(renderMarkdown('[x](/decisions/3)')).toBe('<p><a href="/decisions/3">x</a></p>');
  });

  it('keeps headings below the record’s own section headings', () => {
    expect(renderMarkdown('# Big\n\n## Smaller')).toBe('<h3>Big</h3>\n<h4>Smaller</h4>');
  });

  it('turns remote images into links instead of loading them', () => {
    expect(renderMarkdown('![chart](https://img.example/c.png)')).toBe('<p><a href="https://img.example/c.png" rel="noopener noreferrer nofollow">Image: chart</a></p>');
  });

  it('renders nothing for blank text', () => {
    expect(renderMarkdown('  \n ')).toBe('');
  });
});
