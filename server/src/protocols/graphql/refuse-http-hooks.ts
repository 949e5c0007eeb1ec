import type { Plugin } from 'graphql-yoga';

/**
 * Plugin hooks yoga runs around its own HTTP handling, which the GraphQL fast path
 * (`fast-path.ts`) skips: it calls `yoga.getEnveloped()` and so runs envelop's hooks only
 * (onEnveloped, onContextBuilding, onParse, onValidate, onExecute, onSubscribe). Read from
 * graphql-yoga 5's `Plugin` type (typings/plugins/types.d.ts) and the `ServerAdapterPlugin`
 * it extends (@whatwg-node/server typings/plugins/types.d.ts). Start-up hooks (onPluginInit,
 * onYogaInit, onSchemaChange, onDispose) run once whichever path serves a request, so they are fine.
 */
const HTTP_HOOKS = ['onRequest', 'onRequestParse', 'onParams', 'onExecutionResult', 'onResultProcess', 'onResponse'] as const;

/** Instrumentation phases that wrap yoga's HTTP handling; envelop's own (init, parse, validate, context, execute, subscribe) run under the fast path too. */
const HTTP_INSTRUMENTS = ['request', 'requestParse', 'operation', 'resultProcess'] as const;

/** A yoga plugin that would behave differently with FAST_PATHS=true and FAST_PATHS=false. */
export class FastPathHookError extends Error {
  override readonly name = 'FastPathHookError';

  constructor(
    readonly plugin: string,
    readonly hook: string,
  ) {
    super(
      `GraphQL plugin ${plugin} defines yoga's HTTP hook ${hook}, which the GraphQL fast path never runs ` +
        '(it runs envelop hooks only: onContextBuilding, onParse, onValidate, onExecute, onSubscribe). ' +
        'Do that work in an envelop hook or in a Fastify hook, so both paths behave alike (server/src/protocols/graphql/fast-path.ts).',
    );
  }
}

/**
 * Refuses, at start-up, a plugin the fast path would half-run. Refused whatever FAST_PATHS
 * says: the switch must change speed, never behaviour. Plugins may add plugins from
 * `onPluginInit` (GraphQL Armor's `EnvelopArmorPlugin` does), so a last plugin checks what
 * envelop spliced in after the given ones (envelop's orchestrator inserts each right after its adder).
 */
export function refuseHttpHooks<P extends object>(plugins: readonly P[]): (P | Plugin)[] {
  plugins.forEach((plugin, index) => refuseIfHttp(plugin, `plugins[${index}]`));
  const given = new Set<object>(plugins);
  const checkAdded: Plugin = {
    onPluginInit({ plugins: live }) {
      const first = live.findIndex((plugin) => given.has(plugin));
      if (first < 0) return;
      let adder = 'a plugin';
      for (const plugin of live.slice(first, live.indexOf(checkAdded))) {
        if (given.has(plugin)) adder = `plugins[${plugins.indexOf(plugin as P)}]`;
        else refuseIfHttp(plugin, `added by ${adder}`);
      }
    },
  };
  return [...plugins, checkAdded];
}

function refuseIfHttp(plugin: object | null | undefined, label: string): void {
  if (!plugin) return;
  const hooks = plugin as Record<string, unknown>;
  const hook = HTTP_HOOKS.find((name) => hooks[name] !== undefined);
  if (hook) throw new FastPathHookError(label, hook);
  const instrumentation = hooks.instrumentation as Record<string, unknown> | undefined;
  const phase = HTTP_INSTRUMENTS.find((name) => instrumentation?.[name] !== undefined);
  if (phase) throw new FastPathHookError(label, `instrumentation.${phase}`);
}
