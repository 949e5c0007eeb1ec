// `npm run schema:print`: writes the generated SDL to schema.graphql for codegen and review.
// A test fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contract } from '@gatepost/shared';
import { printSchema } from 'graphql';
import { buildGraphQLSchema } from './build-schema';

export const schemaFile = fileURLToPath(new URL('../../../../schema.graphql', import.meta.url));

/** The SDL of the contract's GraphQL schema, exactly as the server serves it. */
export function printContractSchema(): string {
  const { schema } = buildGraphQLSchema(contract);
  return `${printSchema(schema)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(schemaFile, printContractSchema());
  console.log(`wrote ${schemaFile}`);
}
