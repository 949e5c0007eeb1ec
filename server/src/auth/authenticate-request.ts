import { refusal } from '@gatepost/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateCounter } from '../rate-limit/counter';
import type { Credentials, ReadCredentials } from './credentials';
import { resolvePrincipal, type PrincipalDeps, type PrincipalResult } from './resolve-principal';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request's credentials name, looked up once before its body is read (API routes only). */
    principalLookup: Promise<PrincipalResult> | undefined;
  }
  interface FastifyContextConfig {
    /** The route runs pipeline calls, so its requests are authenticated (and budgeted per user) up front. */
    readonly authenticates?: boolean;
  }
}

const MINUTE_MS = 60_000;

export interface AuthenticationOptions extends PrincipalDeps {
  readonly readCredentials: ReadCredentials;
  /** Failed credentials counted per client address; once spent, credentials are refused unread. */
  readonly failures: { readonly counter: RateCounter; readonly perMinute: number };
}

/**
 * Looks up who an API request is before anything else spends on it, so that the rate limit
 * (registered next, on the same hook) can budget the user — all their sessions and API keys
 * together — instead of each secret presented, which a client invents for free.
 *
 * Presenting credentials that match nothing costs a database lookup, so failures are counted
 * per client address, and once an address has spent its failures for the minute its requests
 * with credentials are refused with 429 before any lookup: a flood of forged bearers costs
 * one counter read each, not a query. Anonymous requests (and cross-site cookies, refused
 * without a lookup) are not counted: they cost nothing to check.
 *
 * `preParsing`: after the route is known (only routes marked `authenticates` need a principal;
 * static files and health checks do not), before the body is read.
 */
export function registerAuthentication(app: FastifyInstance, options: AuthenticationOptions): void {
  app.decorateRequest('principalLookup', undefined);
  app.addHook('preParsing', async function authenticate(request, _reply, payload) {
    if (!request.routeOptions.config.authenticates) return payload;
    const credentials = options.readCredentials(request);
    if (!needsLookup(credentials)) return payload;
    const { failures } = options;
    const addressKey = failureKeyOf(request);
    if (failures.perMinute > 0) {
      const standing = await failures.counter.peek(addressKey, failures.perMinute);
      if (!standing.allowed) {
        throw refusal('TOO_MANY_FAILED_CREDENTIALS', [standing.retryAfterSeconds], { retryAfterSeconds: standing.retryAfterSeconds });
      }
    }
    const outcome = await resolvePrincipal(credentials, options);
    if (!outcome.ok && outcome.error.code === 'UNAUTHENTICATED' && failures.perMinute > 0) {
      await failures.counter.hit(addressKey, failures.perMinute, MINUTE_MS);
    }
    request.principalLookup = Promise.resolve(outcome);
    return payload;
  });
}

/** A secret to look up; a cross-site cookie is refused as it stands. */
function needsLookup(credentials: Credentials): boolean {
  return !credentials.crossSiteCookie && (credentials.bearer !== undefined || credentials.sessionCookie !== undefined);
}

function failureKeyOf(request: FastifyRequest): string {
  return `ip:${request.ip}`;
}
