import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldViolation } from '@plein/shared/kernel';

/**
 * Feed domain errors. Codes are stable (`FEED.*`); HTTP adapters map `kind` to a status.
 * Visibility failures are NotFound on purpose: a post, group or item outside the viewer's
 * audience must look exactly like one that does not exist (no probing by id).
 */

export class FeedNotFoundError extends NotFoundError {
  constructor(what: 'post' | 'comment' | 'group' | 'person' | 'idea-jam' | 'agenda-item', id: string) {
    super(`FEED.${what.toUpperCase().replace('-', '_')}_NOT_FOUND`, `${what} ${id} does not exist`);
  }
}

export class FeedAlreadyExistsError extends ConflictError {
  constructor(what: 'post' | 'comment' | 'group' | 'idea-jam' | 'agenda-item', id: string) {
    super(`FEED.${what.toUpperCase().replace('-', '_')}_ALREADY_EXISTS`, `${what} ${id} already exists`, { id });
  }
}

/** Input that breaks a rule of the model (lengths, required fields, option counts). */
export class FeedValidationError extends ValidationError {
  constructor(code: `FEED.${string}`, violations: readonly FieldViolation[]) {
    super(code, violations);
  }
}

export const invalid = (code: `FEED.${string}`, field: string, message: string): FeedValidationError => new FeedValidationError(code, [{ field, message }]);

/** The actor may not do this (not the author, not an owner, deactivated, policy). */
export class FeedForbiddenError extends ForbiddenError {
  constructor(code: `FEED.${string}`, message: string) {
    super(code, message);
  }
}

/** The state does not allow it now (closed, full, hidden, already decided). */
export class FeedConflictError extends ConflictError {
  constructor(code: `FEED.${string}`, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}

export const ERROR_CODES = {
  actorInactive: 'FEED.ACTOR_INACTIVE',
  notAuthor: 'FEED.NOT_AUTHOR',
  notPermitted: 'FEED.NOT_PERMITTED',
  audienceNotAllowed: 'FEED.AUDIENCE_NOT_ALLOWED',
  invalidContent: 'FEED.INVALID_CONTENT',
  invalidCallToAction: 'FEED.INVALID_CALL_TO_ACTION',
  callToActionMismatch: 'FEED.CALL_TO_ACTION_MISMATCH',
  callToActionClosed: 'FEED.CALL_TO_ACTION_CLOSED',
  capacityReached: 'FEED.CAPACITY_REACHED',
  invalidPollChoice: 'FEED.INVALID_POLL_CHOICE',
  answerNotAcceptable: 'FEED.ANSWER_NOT_ACCEPTABLE',
  ideaStatusTransition: 'FEED.IDEA_STATUS_TRANSITION',
  contentUnavailable: 'FEED.CONTENT_UNAVAILABLE',
  replyDepth: 'FEED.REPLY_DEPTH',
  unknownReaction: 'FEED.UNKNOWN_REACTION',
  invalidGroup: 'FEED.INVALID_GROUP',
  visibilityWidening: 'FEED.VISIBILITY_WIDENING',
  membershipState: 'FEED.MEMBERSHIP_STATE',
  lastOwner: 'FEED.LAST_OWNER',
  cannotFollow: 'FEED.CANNOT_FOLLOW',
  invalidJam: 'FEED.INVALID_IDEA_JAM',
  jamNotOpen: 'FEED.IDEA_JAM_NOT_OPEN',
  jamVoteBudget: 'FEED.IDEA_JAM_VOTE_BUDGET',
  jamOutcomes: 'FEED.IDEA_JAM_OUTCOMES',
  ownIdea: 'FEED.OWN_IDEA',
  invalidAgendaItem: 'FEED.INVALID_AGENDA_ITEM',
  agendaItemCancelled: 'FEED.AGENDA_ITEM_CANCELLED',
  rsvpClosed: 'FEED.RSVP_CLOSED',
  eventFull: 'FEED.EVENT_FULL',
  invalidCursor: 'FEED.INVALID_CURSOR',
} as const;
