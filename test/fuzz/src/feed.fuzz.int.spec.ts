import { describeFuzz } from './testing/describe-fuzz';
import { bootFeedTarget } from './testing/targets';

describeFuzz('feed', bootFeedTarget, { domainRoutes: true });
