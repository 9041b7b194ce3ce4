import { describeFuzz } from './testing/describe-fuzz';
import { bootProfilesTarget } from './testing/targets';

describeFuzz('profiles', bootProfilesTarget, { domainRoutes: true });
