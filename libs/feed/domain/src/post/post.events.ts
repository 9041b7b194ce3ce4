import type {
  PostAnswerAcceptedV1,
  PostCallToActionClosedV1,
  PostDeletedV1,
  PostEditedV3,
  PostHiddenV1,
  PostIdeaStatusChangedV2,
  PostPublishedV2,
  PostRestoredV1,
} from '@plein/feed/contracts';

/**
 * The Post aggregate's events: exactly the latest public contracts (libs/feed/contracts), since
 * the stream is the outbox. Older versions are upcast by the registry before evolve sees them.
 */
export const POST_AGGREGATE_TYPE = 'post';

export type PostEvent =
  | { readonly type: 'feed.post.published'; readonly version: 2; readonly data: PostPublishedV2 }
  | { readonly type: 'feed.post.edited'; readonly version: 3; readonly data: PostEditedV3 }
  | { readonly type: 'feed.post.deleted'; readonly version: 1; readonly data: PostDeletedV1 }
  | { readonly type: 'feed.post.hidden'; readonly version: 1; readonly data: PostHiddenV1 }
  | { readonly type: 'feed.post.restored'; readonly version: 1; readonly data: PostRestoredV1 }
  | { readonly type: 'feed.post.answer-accepted'; readonly version: 1; readonly data: PostAnswerAcceptedV1 }
  | { readonly type: 'feed.post.idea-status-changed'; readonly version: 2; readonly data: PostIdeaStatusChangedV2 }
  | { readonly type: 'feed.post.call-to-action-closed'; readonly version: 1; readonly data: PostCallToActionClosedV1 };
