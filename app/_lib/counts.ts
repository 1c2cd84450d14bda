import { cache } from 'react';
import { getDb } from '@/db/client';
import { countNeedsMyReview } from '@/db/queries/feed';
import { unreadCount } from '@/db/queries/inbox';
import type { Viewer } from '@/db/queries/users';

/*
 * The header's badges, computed once per request: the layout and the page that
 * shows the same number (Review, Inbox, the dashboard) share one query each.
 */
export const needsMyReviewCount = cache((viewer: Viewer) => countNeedsMyReview(getDb(), viewer));
export const unreadNotificationCount = cache((viewer: Viewer) => unreadCount(getDb(), viewer));
