// The one-pass nesting counter that guards the JSON and GraphQL parsers: what it counts, and what
// (strings, block strings, comments) it must not.
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../../server/src/http/nesting-depth';

describe('nestsDeeperThan', () => {
  it('counts braces, brackets and parentheses together', () => {
    expect(nestsDeeperThan('{ a(b: [{ c: 1 }]) }', 4)).toBe(false);
    expect(nestsDeeperThan('{ a(b: [{ c: 1 }]) }', 3)).toBe(true);
  });

  it('counts depth, not the number of brackets', () => {
    expect(nestsDeeperThan('[[1],[2],[3],[4],[5]]', 2)).toBe(false);
  });

  it('ignores brackets inside a JSON or GraphQL string', () => {
    expect(nestsDeeperThan('{"a":"[[[[[[{{{{("}', 1)).toBe(false);
  });

  it('keeps reading a string past an escaped quote', () => {
    expect(nestsDeeperThan('{"a":"\\"[[[[[["}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"\\\\",[[]]}', 2)).toBe(true);
  });

  it('ignores brackets inside a GraphQL block string, whose only escape is \\"""', () => {
    expect(nestsDeeperThan('{ a(b: """ [[[ " \\""" {{{ """) }', 2)).toBe(false);
    expect(nestsDeeperThan('{ a(b: """ \\ """, c: [[1]]) }', 3)).toBe(true);
  });

  it('ignores brackets inside a GraphQL comment, up to the end of its line', () => {
    expect(nestsDeeperThan('{ # [[[[[[\n a }', 1)).toBe(false);
    expect(nestsDeeperThan('{ # [[[[[[\n [[a]] }', 2)).toBe(true);
  });
});
