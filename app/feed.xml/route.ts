import { serveFeed } from '@/app/_lib/feed';

export function GET(request: Request) {
  return serveFeed(request);
}
