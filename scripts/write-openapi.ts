/**
 * Writes openapi/openapi.json from the route schemas (`npm run openapi`): builds the app the way the drift
 * test does (auth off, the default fleet; neither changes the document) and saves what it serves at
 * `/openapi.json`. `test/openapi/document.test.ts` fails when the committed file differs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadFixtureFile } from '../src/fixtures/load-fixture.js';
import { loadSigningKey } from '../src/identity/key-material.js';
import { openapiText } from '../src/openapi/document.js';

const app = await buildApp(loadConfig([], {}, { logLevel: 'silent', auth: 'off' }), {
  fixture: await loadFixtureFile(undefined),
  signingKey: await loadSigningKey(),
});
await app.ready();
const text = openapiText(app);
await app.close();
mkdirSync(new URL('../openapi/', import.meta.url), { recursive: true });
writeFileSync(new URL('../openapi/openapi.json', import.meta.url), text);
const doc = JSON.parse(text) as { paths: Record<string, object>; components: { schemas: object } };
const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
console.log(`wrote openapi/openapi.json: ${operations} operations, ${Object.keys(doc.components.schemas).length} schemas`);
