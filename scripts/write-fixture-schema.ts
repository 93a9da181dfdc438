/** Writes fixtures/fixture.schema.json from the TypeBox definition (`npm run fixtures:schema`). */
import { writeFileSync } from 'node:fs';
import { fixtureJsonSchema } from '../src/fixtures/fixture-json-schema.js';

writeFileSync(new URL('../fixtures/fixture.schema.json', import.meta.url), fixtureJsonSchema());
console.log('wrote fixtures/fixture.schema.json');
