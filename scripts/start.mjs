// `npm start`: set up, build, and serve the playground on localhost (PORT, default 8000).

import { setup } from './setup.mjs';
import { build } from './build.mjs';

setup();
build();
const { serve } = await import('../cli/server.mjs');
const { url } = await serve({ port: Number(process.env.PORT ?? 8000) });
console.log(`Weft playground: ${url}`);
