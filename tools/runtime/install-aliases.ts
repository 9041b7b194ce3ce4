import { resolve } from 'node:path';
import { installPleinAliases } from './plein-aliases';

// Side-effect module so register.ts can import it before anything that needs the aliases
// (CommonJS output keeps import order). This file runs from <dist>/tools/runtime/.
installPleinAliases(resolve(__dirname, '..', '..'));
