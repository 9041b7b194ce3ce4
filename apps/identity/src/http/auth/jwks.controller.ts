import { Controller, Res } from '@nestjs/common';
import { Endpoint } from '@plein/shared/platform';
import type { Response } from 'express';
import { IdentityRuntime } from '../../runtime/identity-runtime';
import { JWKS } from '../routes';

/** The platform token verification keys (current, previous while its tokens live, next shortly before use). */
@Controller()
export class JwksController {
  constructor(private readonly runtime: IdentityRuntime) {}

  @Endpoint(JWKS)
  async jwks(@Res() res: Response): Promise<void> {
    const { keyRing } = await this.runtime.services();
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/jwk-set+json').send(JSON.stringify(await keyRing.jwks()));
  }
}
