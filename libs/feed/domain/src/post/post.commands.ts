import type { Attachment, Audience, IdeaStatus, MemberRole, PostKind } from '@plein/feed/contracts';
import type { Actor } from '../actor';
import type { GroupContext, OrganisationPolicy } from '../policy';
import type { CallToActionInput } from './call-to-action';
import type { ParsedMarkdown } from '../markdown';
import type { MentionDirectory } from './post-content';

/**
 * Commands on one Post aggregate (stream `post-<postId>`). What the decider cannot see itself
 * (the actor's roles and group role, the organisation policy, the jam, the comment being accepted,
 * who a mention means, the time) the application layer reads and passes in.
 */
export type PostCommand = PublishPost | EditPost | DeletePost | ModeratePost | AcceptAnswer | ChangeIdeaStatus | CloseCallToAction;

export interface PublishPost {
  readonly type: 'PublishPost';
  readonly postId: string;
  readonly actor: Actor;
  readonly audience: Audience;
  readonly kind: PostKind;
  readonly title?: string;
  readonly body: string;
  readonly attachments?: readonly Attachment[];
  readonly callToAction: CallToActionInput;
  /** Default DEFAULT_ORGANISATION_POLICY. */
  readonly policy?: OrganisationPolicy;
  /** Required for a group audience. */
  readonly group?: GroupContext;
  /** An idea submitted to an idea jam. */
  readonly jam?: JamContext;
  readonly mentions: MentionDirectory;
  /** The body as the application parsed it to look up its mentions (parsePostBody): not parsed again. */
  readonly parsedBody?: ParsedMarkdown;
  readonly now: Date;
}

/** The jam an idea is submitted to, as its state says at `now` (see jamPhase). */
export interface JamContext {
  readonly jamId: string;
  readonly audience: Audience;
  readonly phase: 'upcoming' | 'open' | 'closed' | 'cancelled' | 'concluded';
}

export interface EditPost {
  readonly type: 'EditPost';
  readonly postId: string;
  readonly actor: Actor;
  readonly title?: string;
  readonly body: string;
  readonly attachments?: readonly Attachment[];
  readonly mentions: MentionDirectory;
  /** The body as the application parsed it to look up its mentions (parsePostBody for the post's kind): not parsed again. */
  readonly parsedBody?: ParsedMarkdown;
  /** The author asks everyone to acknowledge again even if the edit looks cosmetic. */
  readonly requestReacknowledgement?: boolean;
}

export interface DeletePost {
  readonly type: 'DeletePost';
  readonly postId: string;
  readonly actor: Actor;
  /** The actor's role in the post's group, for group posts. */
  readonly groupRole?: MemberRole;
}

/** From moderation.decision.content-hidden / -restored / -removed (the feed's consumer). */
export interface ModeratePost {
  readonly type: 'HidePost' | 'RestorePost' | 'RemovePost';
  readonly postId: string;
  readonly decisionId: string;
  readonly reasonCode: string;
}

export interface AcceptAnswer {
  readonly type: 'AcceptAnswer';
  readonly postId: string;
  readonly actor: Actor;
  /** The comment as its own aggregate's state says. */
  readonly answer: AnswerCandidate;
}

export interface AnswerCandidate {
  readonly commentId: string;
  readonly postId: string;
  readonly authorId: string;
  readonly parentCommentId: string | null;
  /** Exists, not deleted, not hidden. */
  readonly available: boolean;
}

export interface ChangeIdeaStatus {
  readonly type: 'ChangeIdeaStatus';
  readonly postId: string;
  readonly actor: Actor;
  readonly status: IdeaStatus;
  readonly note?: string;
  /** The actor's role in the post's group, for group posts. */
  readonly groupRole?: MemberRole;
  /** The manager of the jam the idea belongs to, if any. */
  readonly jamManagerId?: string;
}

export interface CloseCallToAction {
  readonly type: 'CloseCallToAction';
  readonly postId: string;
  readonly actor: Actor;
}
