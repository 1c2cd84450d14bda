import { serveFeed } from '@/app/_lib/feed';

export async function GET(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return serveFeed(request, (await ctx.params).slug);
}
