import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createSchema, createYoga, useErrorCoordinate, useExecutionCancellation, useReadinessCheck, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { FastPathHookError, refuseHttpHooks } from '../../../server/src/protocols/graphql/refuse-http-hooks';

// Through createYoga, as gatepost assembles its plugins: envelop runs onPluginInit for real.
const schema = createSchema({ typeDefs: 'type Query { ok: Boolean }' });
const startYoga = (plugins: readonly Plugin[]) => createYoga({ schema, plugins: refuseHttpHooks(plugins) });
const noop = () => {};
const envelopOnly: Plugin = { onParse: noop, onValidate: noop, onContextBuilding: noop, onExecute: noop, onSubscribe: noop };

function refusalOf(start: () => unknown): FastPathHookError {
  try {
    start();
  } catch (error) {
    if (error instanceof FastPathHookError) return error;
    throw error;
  }
  throw new Error('expected a FastPathHookError, but yoga started');
}

describe('refusing yoga plugins the GraphQL fast path would skip', () => {
  it('starts yoga with plugins that define envelop hooks only', () => {
    expect(() => startYoga([envelopOnly, useExecutionCancellation(), useErrorCoordinate()])).not.toThrow();
  });

  it('starts yoga with start-up hooks (onPluginInit, onYogaInit, onSchemaChange, onDispose)', () => {
    expect(() => startYoga([{ onPluginInit: noop, onYogaInit: noop, onSchemaChange: noop, onDispose: noop }])).not.toThrow();
  });

  it('starts yoga with envelop instrumentation (parse, validate, context, execute)', () => {
    const wrap = (_payload: unknown, wrapped: () => void) => wrapped();
    expect(() => startYoga([{ instrumentation: { parse: wrap, validate: wrap, context: wrap, execute: wrap } }])).not.toThrow();
  });

  it.each(['onRequest', 'onRequestParse', 'onParams', 'onExecutionResult', 'onResultProcess', 'onResponse'])(
    'refuses a plugin defining %s, naming the plugin and the hook',
    (hook) => {
      const refusal = refusalOf(() => startYoga([envelopOnly, { [hook]: noop } as Plugin]));
      expect(refusal).toMatchObject({ plugin: 'plugins[1]', hook });
      expect(refusal.message).toContain(`GraphQL plugin plugins[1] defines yoga's HTTP hook ${hook}`);
    },
  );

  it.each(['request', 'requestParse', 'operation', 'resultProcess'])('refuses instrumentation of the HTTP phase %s', (phase) => {
    const refusal = refusalOf(() => startYoga([{ instrumentation: { [phase]: noop } } as Plugin]));
    expect(refusal).toMatchObject({ plugin: 'plugins[0]', hook: `instrumentation.${phase}` });
  });

  it("refuses yoga's own useReadinessCheck, which answers from onRequest", () => {
    const refusal = refusalOf(() => startYoga([envelopOnly, useReadinessCheck({ check: () => true })]));
    expect(refusal).toMatchObject({ plugin: 'plugins[1]', hook: 'onRequest' });
  });

  it('refuses a plugin added from onPluginInit, naming the plugin that added it', () => {
    const adder: Plugin = { onPluginInit: ({ addPlugin }) => addPlugin({ onResultProcess: noop }) };
    const refusal = refusalOf(() => startYoga([envelopOnly, envelopOnly, adder]));
    expect(refusal).toMatchObject({ plugin: 'added by plugins[2]', hook: 'onResultProcess' });
  });

  it("starts yoga with GraphQL Armor's plugin, whose protections are added from onPluginInit as envelop hooks", () => {
    expect(() => startYoga([EnvelopArmorPlugin() as Plugin])).not.toThrow();
  });

  it("leaves yoga's own HTTP plugins (request parsers, result processors) alone", () => {
    const yoga = startYoga([]);
    expect(yoga.graphqlEndpoint).toBe('/graphql');
  });
});
