/**
 * Writes fixtures/fixture.schema.json from the TypeBox definition, and src/lib/compiled-validators.ts (the
 * configuration's and the fixture's validators, compiled ahead of time) (`npm run fixtures:schema`).
 */
import { writeFileSync } from 'node:fs';
import { fixtureJsonSchema } from '../src/fixtures/fixture-json-schema.js';
import { compiledValidatorsCode } from './compiled-validators-code.js';

writeFileSync(new URL('../fixtures/fixture.schema.json', import.meta.url), fixtureJsonSchema());
console.log('wrote fixtures/fixture.schema.json');
writeFileSync(new URL('../src/lib/compiled-validators.ts', import.meta.url), compiledValidatorsCode());
console.log('wrote src/lib/compiled-validators.ts');
