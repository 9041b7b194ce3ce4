import { CALL_TO_ACTION_KINDS, IDEA_STATUSES, POST_KINDS, type Attachment, type Audience } from '@plein/feed/contracts';
import type { EditPostInput, PublishPostInput } from '@plein/feed/application';
import type { CallToActionInput } from '@plein/feed/domain';
import { Input } from './input';

export function parseAudience(input: Input | undefined, scoped = false): Audience | undefined {
  if (!input) return undefined;
  const kinds = scoped ? (['organisation', 'group'] as const) : (['organisation', 'followers', 'group'] as const);
  const kind = input.oneOf('kind', kinds);
  if (kind === 'group') {
    const groupId = input.uuid('groupId');
    return groupId ? { kind, groupId } : undefined;
  }
  return kind ? { kind } : undefined;
}

function parseAttachments(input: Input): { list?: Attachment[]; nested: Input[] } {
  const items = input.array('attachments', 10);
  if (!items) return { nested: [] };
  const list = items.map((a) => ({ id: a.string('id', { max: 36 }) ?? '', name: a.string('name', { max: 255 }) ?? '', mediaType: a.string('mediaType', { max: 127 }) ?? '', size: a.integer('size') ?? -1 }));
  return { list, nested: items };
}

function parseCallToAction(input: Input | undefined): CallToActionInput | undefined {
  if (!input) return undefined;
  const kind = input.oneOf('kind', CALL_TO_ACTION_KINDS);
  switch (kind) {
    case 'sign-up': {
      const capacity = input.integer('capacity');
      const deadline = input.string('deadline', { optional: true, max: 40 });
      return { kind, ...(capacity !== undefined ? { capacity } : {}), ...(deadline ? { deadline } : {}) };
    }
    case 'acknowledge': {
      const dueAt = input.string('dueAt', { optional: true, max: 40 });
      return { kind, ...(dueAt ? { dueAt } : {}) };
    }
    case 'vote': {
      const options = input.strings('options', 10) ?? [];
      const maxChoices = input.integer('maxChoices');
      const closesAt = input.string('closesAt', { optional: true, max: 40 });
      return { kind, options, ...(maxChoices !== undefined ? { maxChoices } : {}), ...(closesAt ? { closesAt } : {}) };
    }
    case undefined:
      return undefined;
    default:
      return { kind };
  }
}

export function parsePublishPost(body: unknown): PublishPostInput {
  const input = new Input(body);
  const audienceInput = input.object('audience');
  const audience = parseAudience(audienceInput);
  const kind = input.oneOf('kind', POST_KINDS);
  const title = input.string('title', { optional: true, max: 1_000 });
  const text = input.string('body', { optional: true });
  const attachments = parseAttachments(input);
  const ctaInput = input.object('callToAction');
  const callToAction = parseCallToAction(ctaInput);
  const jamId = input.uuid('jamId', { optional: true });
  input.done(audienceInput, ctaInput, ...attachments.nested);
  return {
    audience: audience!,
    kind: kind!,
    ...(title !== undefined ? { title } : {}),
    body: text ?? '',
    ...(attachments.list ? { attachments: attachments.list } : {}),
    callToAction: callToAction!,
    ...(jamId ? { jamId } : {}),
  };
}

export function parseEditPost(body: unknown): EditPostInput {
  const input = new Input(body);
  const title = input.string('title', { optional: true, max: 1_000 });
  const text = input.string('body', { optional: true });
  const attachments = parseAttachments(input);
  const again = input.boolean('requestReacknowledgement');
  input.done(...attachments.nested);
  return { ...(title !== undefined ? { title } : {}), body: text ?? '', ...(attachments.list ? { attachments: attachments.list } : {}), ...(again ? { requestReacknowledgement: true } : {}) };
}

export function parseIdeaStatus(body: unknown) {
  const input = new Input(body);
  const status = input.oneOf('status', IDEA_STATUSES);
  const note = input.string('note', { optional: true, max: 5_000 });
  input.done();
  return { status: status!, ...(note !== undefined ? { note } : {}) };
}
