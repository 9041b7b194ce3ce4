import { Controller, Inject, Res, UseGuards } from '@nestjs/common';
import { PlatformAuthGuard } from '@plein/shared/auth';
import { Endpoint } from '@plein/shared/platform';
import type { Response } from 'express';
import { TRANSPARENCY, TRANSPARENCY_PAGE } from './insights.routes';
import { transparencyPage, transparencyStatement } from './transparency.content';

export const TRANSPARENCY_SETTINGS = 'plein:insights:transparency';
export interface TransparencySettings {
  readonly k: number;
  readonly retentionDays: number;
}

/** What is measured, k, retention and who sees it: for every signed-in person, and as a page. */
@Controller()
export class TransparencyController {
  constructor(@Inject(TRANSPARENCY_SETTINGS) private readonly settings: TransparencySettings) {}

  @Endpoint(TRANSPARENCY)
  @UseGuards(PlatformAuthGuard)
  statement() {
    return transparencyStatement(this.settings.k, this.settings.retentionDays);
  }

  @Endpoint(TRANSPARENCY_PAGE)
  page(@Res() res: Response): void {
    res
      .status(200)
      .type('html')
      .set('Content-Security-Policy', "default-src 'none'")
      .send(transparencyPage(transparencyStatement(this.settings.k, this.settings.retentionDays)));
  }
}
