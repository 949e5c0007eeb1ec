import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { ValueNode } from 'graphql';

function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') {
    throw new GraphQLError(`DateTime ${what} must be a string (ISO 8601 with offset), got ${describe(value)}.`);
  }
  return value;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

/**
 * An ISO 8601 date-time with offset, e.g. `2024-05-01T12:00:00+02:00`, carried as a string.
 * The format itself is left to zod (`timestamp()`), which validates every input in the pipeline
 * and reports a bad format with the same error on every protocol; only non-strings fail here.
 */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO 8601 date-time with offset, e.g. `2024-05-01T12:00:00+02:00`.',
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339#section-5.6',
  serialize: (value) => expectString(value, 'output'),
  parseValue: (value) => expectString(value, 'input'),
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError(`DateTime input must be a string (ISO 8601 with offset), got a ${ast.kind} literal.`, {
        nodes: ast,
      });
    }
    return ast.value;
  },
});

/**
 * A file sent as a multipart request part (GraphQL multipart request spec). The HTTP layer
 * puts a File/Blob in the variables; zod's `z.file()` then checks size and type.
 */
export const UploadScalar = new GraphQLScalarType<Blob, never>({
  name: 'Upload',
  description: 'A file, sent as a part of a multipart request and referenced from the variables.',
  serialize: () => {
    throw new GraphQLError('Upload is input-only: it cannot be returned.');
  },
  parseValue: (value) => {
    if (!(value instanceof Blob)) {
      throw new GraphQLError(`Upload must be a file sent as a multipart request part, got ${describe(value)}.`);
    }
    return value;
  },
  parseLiteral: (ast: ValueNode) => {
    throw new GraphQLError('Upload cannot be given inline: send the file as a multipart request part and pass it in a variable.', {
      nodes: ast,
    });
  },
});
