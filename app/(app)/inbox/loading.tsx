import { LoadingList } from '@/app/_components/loading-list';

export default function Loading() {
  return <LoadingList title="Inbox" />;
}
