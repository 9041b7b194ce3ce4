import { describeFuzz } from './testing/describe-fuzz';
import { bootIdentityTarget } from './testing/targets';

describeFuzz('identity', bootIdentityTarget, { domainRoutes: true });
