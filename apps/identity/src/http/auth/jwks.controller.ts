import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdentityRuntime } from '../../runtime/identity-runtime';

/** The platform token verification keys (current, previous while its tokens live, next shortly before use). */
@Controller('.well-known')
export class JwksController {
  constructor(private readonly runtime: IdentityRuntime) {}

  @Get('jwks.json')
  async jwks(@Res() res: Response): Promise<void> {
    const { keyRing } = await this.runtime.services();
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/jwk-set+json').send(JSON.stringify(await keyRing.jwks()));
  }
}
