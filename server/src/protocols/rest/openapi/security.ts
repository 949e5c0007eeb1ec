import type { AuthLevel } from '@gatepost/shared';
import { SESSION_COOKIE } from '../../../auth/credentials';
import type { SecurityRequirement, SecuritySchemeObject } from './types';

/** The two ways a request says who it is (auth/credentials.ts): a bearer token, else the session cookie. */
export const SECURITY_SCHEMES: Readonly<Record<string, SecuritySchemeObject>> = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      '`Authorization: Bearer <token>` with a session token (from auth.login), an API key (`gp_…`, from auth.createApiKey) or the operator key (ADMIN_API_KEY). It wins over the cookie.',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The HttpOnly session cookie auth.login sets. Counted on a POST only from this site or an allowed origin (Origin, else Sec-Fetch-Site): a cross-site POST with it is refused 403.',
  },
};

/**
 * Who may call an operation, as OpenAPI security requirements. A public operation takes no
 * credentials (`{}`) but honours them; an admin one names the role, as OpenAPI 3.1 lets a
 * requirement do for schemes other than OAuth.
 */
export function securityOf(auth: AuthLevel): SecurityRequirement[] {
  const roles = auth === 'admin' ? ['admin'] : [];
  const either = Object.keys(SECURITY_SCHEMES).map((scheme) => ({ [scheme]: roles }));
  return auth === 'public' ? [{}, ...either] : either;
}
