import { gzipSync } from 'node:zlib';

/** The scripts a page loads (Next's noModule polyfills are never downloaded by current browsers). */
export async function pageScripts(url: string, p: string, cookie: string | null = null): Promise<string[]> {
  const html = await (await fetch(url + p, { headers: cookie ? { cookie } : {} })).text();
  return [...new Set([...html.matchAll(/<script([^>]*)src="([^"]+\.js)"([^>]*)>/g)].filter((m) => !/nomodule/i.test(m[1]! + m[3]!)).map((m) => m[2]!))];
}

/** Each script's size gzipped, in bytes, by its src. */
export async function gzippedSizes(url: string, srcs: string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const src of srcs) sizes.set(src, gzipSync(Buffer.from(await (await fetch(new URL(src, url))).arrayBuffer())).length);
  return sizes;
}
