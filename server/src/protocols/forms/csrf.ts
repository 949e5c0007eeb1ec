import csrfProtection from '@fastify/csrf-protection';
import { refusal } from '@gatepost/shared';
import type { FastifyInstance } from 'fastify';
import type { IsCrossSite } from '../../auth/cross-site';
import { FormFields } from '../../http/form-body';
import { CSRF_FIELD } from './form-view';

export const CSRF_COOKIE = 'gatepost_csrf';

/**
 * CSRF protection for the HTML forms, in two layers, either of which refuses a forged post (403,
 * nothing read further, nothing written):
 * 1. The Origin / Sec-Fetch-Site rule every cookie-authenticated call meets (createCrossSiteCheck),
 *    applied here to every post whatever its credentials, as the request arrives: the contact form
 *    is anonymous, yet a page elsewhere must not post it through a visitor's browser.
 * 2. A signed double-submit token (@fastify/csrf-protection): the form page sets a secret in a
 *    cookie signed with CSRF_SECRET (HttpOnly, SameSite=Strict, path /forms) and puts a token
 *    derived from it in a hidden field; a post must carry a token that matches its cookie's
 *    secret. Anonymous visitors get one too, so no server-side session is needed. The signature
 *    keeps a cookie planted by a sibling subdomain (cookie tossing) from carrying a secret of its
 *    author's choosing. It protects browsers that send neither header, which layer 1 lets through.
 * The token is read from the parsed form, so it is checked once the body is in (`preHandler`).
 */
export async function registerCsrfProtection(forms: FastifyInstance, isCrossSite: IsCrossSite): Promise<void> {
  forms.addHook('onRequest', async function refuseCrossSitePosts(request) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && isCrossSite(request)) throw refusal('CROSS_SITE_FORM', []);
  });
  await forms.register(csrfProtection, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/forms', sameSite: 'strict', httpOnly: true, secure: 'auto', signed: true },
    getToken: (request) => (request.body instanceof FormFields ? request.body.text(CSRF_FIELD) : undefined),
  });
}
