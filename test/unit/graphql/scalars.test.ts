import { GraphQLError, Kind } from 'graphql';
import type { ValueNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateTimeScalar, UploadScalar } from '../../../server/src/protocols/graphql/scalars';

const stringLiteral = (value: string): ValueNode => ({ kind: Kind.STRING, value });
const intLiteral: ValueNode = { kind: Kind.INT, value: '42' };

describe('DateTime scalar', () => {
  it('is named DateTime', () => {
    expect(DateTimeScalar.name).toBe('DateTime');
  });

  it('passes a string variable through unchanged', () => {
    expect(DateTimeScalar.parseValue('2024-05-01T12:00:00+02:00')).toBe('2024-05-01T12:00:00+02:00');
  });

  it('passes a badly formatted string through, leaving the format to zod', () => {
    expect(DateTimeScalar.parseValue('yesterday')).toBe('yesterday');
    expect(DateTimeScalar.parseLiteral(stringLiteral('yesterday'), undefined)).toBe('yesterday');
  });

  it('passes a string literal through unchanged', () => {
    expect(DateTimeScalar.parseLiteral(stringLiteral('2024-05-01T10:00:00Z'), undefined)).toBe('2024-05-01T10:00:00Z');
  });

  it('rejects a variable that is not a string', () => {
    expect(() => DateTimeScalar.parseValue(1714557600000)).toThrow(GraphQLError);
  });

  it('rejects a literal that is not a string', () => {
    expect(() => DateTimeScalar.parseLiteral(intLiteral, undefined)).toThrow('DateTime input must be a string');
  });

  it('serializes a string unchanged', () => {
    expect(DateTimeScalar.serialize('2024-05-01T10:00:00Z')).toBe('2024-05-01T10:00:00Z');
  });

  it('refuses to serialize a value that is not a string', () => {
    expect(() => DateTimeScalar.serialize(new Date(0))).toThrow('DateTime output must be a string');
  });
});

describe('Upload scalar', () => {
  it('is named Upload', () => {
    expect(UploadScalar.name).toBe('Upload');
  });

  it('passes a File or Blob variable through as the same object', () => {
    const file = new File(['hello'], 'hello.txt', { type: 'text/plain' });
    const blob = new Blob(['x']);
    expect(UploadScalar.parseValue(file)).toBe(file);
    expect(UploadScalar.parseValue(blob)).toBe(blob);
  });

  it('rejects a variable that is not a file', () => {
    expect(() => UploadScalar.parseValue('hello.txt')).toThrow('Upload must be a file');
  });

  it('rejects a file given inline in the query', () => {
    expect(() => UploadScalar.parseLiteral(stringLiteral('hello'), undefined)).toThrow('Upload cannot be given inline');
  });

  it('refuses to serialize, being input-only', () => {
    expect(() => UploadScalar.serialize(new Blob(['x']))).toThrow('Upload is input-only');
  });
});
