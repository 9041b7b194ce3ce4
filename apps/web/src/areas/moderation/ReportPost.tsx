import type { Me } from '../../api';

/** What can be reported from a post's page: the post itself or one of its comments. */
export interface ReportTarget {
  readonly kind: 'post' | 'comment';
  readonly id: string;
  /** The post the comment is under (the post's own id for a post). */
  readonly postId: string;
  /** The author: nobody reports their own content, so the button is not offered to them. */
  readonly authorId: string;
}

/** The "report" action beside a post or comment (the moderation area fills it in). */
export function ReportPost(_props: { readonly target: ReportTarget; readonly me: Me }) {
  return null;
}
