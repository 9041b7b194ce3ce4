import { describeFuzz } from './testing/describe-fuzz';
import { bootModerationTarget } from './testing/targets';

describeFuzz('moderation', bootModerationTarget, { domainRoutes: true });
