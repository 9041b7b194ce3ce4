import { causedBy } from './envelope';

describe('causedBy', () => {
  it("takes the event's correlation and trace and its id as causation id, for the reacting actor", () => {
    const event = { id: 'evt-1', correlationId: 'corr-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    expect(causedBy(event, 'system:feed')).toEqual({ correlationId: 'corr-1', causationId: 'evt-1', actorId: 'system:feed', traceparent: event.traceparent });
    expect(causedBy({ id: 'evt-2', correlationId: 'corr-2' }, 'system:moderation')).toStrictEqual({ correlationId: 'corr-2', causationId: 'evt-2', actorId: 'system:moderation' });
  });
});
