import { Controller, Optional, UseGuards } from '@nestjs/common';
import { ExpertiseService, ProfileService, type ProfilesContext } from '@plein/profiles/application';
import { PlatformAuthGuard, PlatformCtx } from '@plein/shared/auth';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import { inBody } from './profile-request-context';
import { EDIT_PROFILE, GET_PROFILE } from './profile.routes';

/** GET and PATCH /v1/profiles/{userId}. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class ProfileController {
  constructor(
    private readonly profiles: ProfileService,
    // The expertise part (docs/profiles/expertise.md): the person's standings with their evidence.
    @Optional() private readonly expertise?: ExpertiseService,
  ) {}

  @Endpoint(GET_PROFILE)
  async get(@PlatformCtx() ctx: ProfilesContext, @RequestInput() { params }: InputOf<typeof GET_PROFILE>) {
    const view = await this.profiles.view(ctx, params.userId);
    return this.expertise ? { ...view, expertise: (await this.expertise.forPerson(params.userId)).topics } : view;
  }

  @Endpoint(EDIT_PROFILE)
  async edit(@PlatformCtx() ctx: ProfilesContext, @RequestInput() { params, body }: InputOf<typeof EDIT_PROFILE>) {
    return (await inBody(() => this.profiles.edit(ctx, params.userId, body))).profile;
  }
}
