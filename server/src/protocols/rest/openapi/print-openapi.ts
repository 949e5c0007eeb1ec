// `npm run openapi:print`: writes the generated OpenAPI document to openapi.json for client
// generators and review, as print-schema.ts does for the SDL. A test fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contract } from '@gatepost/shared';
import { buildOpenApiDocument } from './build-openapi-document';

export const openApiFile = fileURLToPath(new URL('../../../../../openapi.json', import.meta.url));

/** The contract's OpenAPI document, exactly as `GET /openapi.json` serves it, indented for diffs. */
export function printOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument(contract), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(openApiFile, printOpenApiDocument());
  console.log(`wrote ${openApiFile}`);
}
