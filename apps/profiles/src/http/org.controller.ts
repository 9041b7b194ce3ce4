import { Controller, UseGuards } from '@nestjs/common';
import { OrgService } from '@plein/profiles/application';
import { PlatformAuthGuard } from '@plein/shared/auth';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import { DEPARTMENTS, DIRECTORY, ORG_CHART, ORG_PEERS, ORG_REPORTS } from './org.routes';

/** Org chart, directory and department tree: read-only, for every signed-in colleague. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Endpoint(ORG_CHART)
  chart(@RequestInput() { params, query }: InputOf<typeof ORG_CHART>) {
    return this.org.chart(params.userId, query.limit);
  }

  @Endpoint(ORG_REPORTS)
  reports(@RequestInput() { params, query }: InputOf<typeof ORG_REPORTS>) {
    return this.org.reports(params.userId, query.cursor, query.limit);
  }

  @Endpoint(ORG_PEERS)
  peers(@RequestInput() { params, query }: InputOf<typeof ORG_PEERS>) {
    return this.org.peers(params.userId, query.cursor, query.limit);
  }

  @Endpoint(DIRECTORY)
  directory(@RequestInput() { query }: InputOf<typeof DIRECTORY>) {
    return this.org.directory({ ...(query.department !== undefined ? { department: query.department } : {}), ...(query.location !== undefined ? { location: query.location } : {}) }, query.cursor, query.limit);
  }

  @Endpoint(DEPARTMENTS)
  departments(@RequestInput() { query }: InputOf<typeof DEPARTMENTS>) {
    return this.org.departments(query.parent, query.cursor, query.limit);
  }
}
