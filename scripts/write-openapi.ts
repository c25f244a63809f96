/** `npm run openapi`: writes docs/openapi.json from the route list and the zod schemas. */
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '#functions/openapi.js';

const document = await openApiDocument();
writeFileSync(new URL('../docs/openapi.json', import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
console.log(`docs/openapi.json: ${Object.keys(document.paths as object).length} paths`);
