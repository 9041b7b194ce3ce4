import { Controller, Inject, UseGuards } from '@nestjs/common';
import { EndorsementService, ExpertiseService, PersonNotFoundError, type PeopleStatus } from '@plein/profiles/application';
import { PlatformAuthGuard, PlatformCtx } from '@plein/shared/auth';
import type { RequestContext } from '@plein/shared/event-sourcing';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import { ENDORSE, EXPERTISE, WITHDRAW_ENDORSEMENT } from './expertise.routes';

export const EXPERTISE_PEOPLE = 'plein:profiles:expertise-people';

/** Endorsements and a colleague's expertise with its evidence. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class ExpertiseController {
  constructor(
    private readonly endorsements: EndorsementService,
    private readonly expertise: ExpertiseService,
    @Inject(EXPERTISE_PEOPLE) private readonly people: PeopleStatus,
  ) {}

  @Endpoint(ENDORSE)
  async endorse(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof ENDORSE>) {
    const { userId, skill, endorsed } = await this.endorsements.endorse(ctx, params.userId, params.skill);
    return { userId, skill, endorsed };
  }

  @Endpoint(WITHDRAW_ENDORSEMENT)
  async withdraw(@PlatformCtx() ctx: RequestContext, @RequestInput() { params }: InputOf<typeof WITHDRAW_ENDORSEMENT>): Promise<void> {
    await this.endorsements.withdraw(ctx, params.userId, params.skill);
  }

  @Endpoint(EXPERTISE)
  async get(@RequestInput() { params }: InputOf<typeof EXPERTISE>) {
    if (!(await this.people.active([params.userId])).has(params.userId)) throw new PersonNotFoundError();
    return this.expertise.forPerson(params.userId);
  }
}
