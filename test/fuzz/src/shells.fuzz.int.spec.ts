import { describeFuzz } from './testing/describe-fuzz';
import { bootShellTarget } from './testing/targets';

// Services whose domain routes are still to come: their platform routes are fuzzed all the same.
describeFuzz('notifications', () => bootShellTarget('notifications'));
