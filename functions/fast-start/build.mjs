// `npm run build`: the API as production runs it, in dist/ (see bundleFunction), then
// warm-cache.cjs fills V8's compile cache for it.
import { join } from 'node:path';
import { bundleFunction } from './bundle.ts';

await bundleFunction(
  join(import.meta.dirname, '../src/index.ts'),
  join(import.meta.dirname, '../dist'),
  {
    servesItself: true,
  },
);
