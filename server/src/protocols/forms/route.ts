import { contract as gatepostContract, listOperations, type ContractShape } from '@gatepost/shared';
import type { FastifyInstance } from 'fastify';
import { createCrossSiteCheck } from '../../auth/cross-site';
import { FORM_URLENCODED, RefusedForm, registerFormBodyParser } from '../../http/form-body';
import { MULTIPART_FORM_DATA, UNREAD_MULTIPART, type FileUploads } from '../../files/file-uploads';
import { receiveForm } from '../text-input/receive-form';
import type { AnyOperation } from '@gatepost/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONTACT_PATH, contactFormPage, contactSentPage, contactSentPath } from './contact-pages';
import { registerCsrfProtection } from './csrf';
import { emptyFormState, showForm, showResult, submitForm, type FormDeps } from './form-handlers';
import { SIGN_IN_PATH, SIGN_OUT_PATH, SIGNED_IN_PATH, signInPage, signedInPage } from './sign-in-pages';
import { FORMS_STYLESHEET, FORMS_STYLESHEET_PATH } from './styles';

/** Where the HTML forms live. */
export const FORMS_PREFIX = '/forms';

export interface FormRouteOptions extends FormDeps {
  /** The contract served: a form is served only when it serves the form's operations. */
  readonly contract: ContractShape;
  /** CORS_ORIGINS: pages there may post the forms too, as they may call the API with a cookie. */
  readonly allowedOrigins: readonly string[];
  readonly uploads: FileUploads;
}

/** A route that runs pipeline calls (its caller looked up up front, as on every API route) and parses forms only. */
const RUNS_CALLS = { authenticates: true, bodyTypes: [FORM_URLENCODED, MULTIPART_FORM_DATA] } as const;
const { contacts, auth } = gatepostContract;

/**
 * Server-rendered forms for browsers without JavaScript, under /forms, each posting to one
 * contract operation through the pipeline (form-handlers.ts): the contact form (contacts.submit)
 * and sign-in (auth.login, then auth.me and auth.logout). Their own Fastify context parses form
 * bodies and carries the CSRF protection (csrf.ts); every answer, a refusal included, is an HTML
 * page under the forms' CSP (app.ts draws the refusals that leave through the error handler).
 */
export async function registerFormRoutes(app: FastifyInstance, options: FormRouteOptions): Promise<void> {
  const served = new Set(listOperations(options.contract).map((operation) => operation.name));
  const serves = (...names: string[]) => names.every((name) => served.has(name));
  await app.register(async function formRoutes(forms) {
    // A browser's form posts urlencoded; the JSON parser inherited from the app has nothing to do here (415).
    forms.removeContentTypeParser('application/json');
    registerFormBodyParser(forms);
    await registerCsrfProtection(forms, createCrossSiteCheck(options.allowedOrigins));
    const csrf = forms.csrfProtection;
    /**
     * A post's body read before its CSRF token is checked, since the token is one of its fields: a
     * multipart post (the contact form with an attachment) streams its files to storage here. A refused
     * one becomes a RefusedForm, drawn again with the refusal; its files were removed, and a post whose
     * token then fails has its stored files removed after the 403 (registerFileUploads). The Origin rule
     * has refused cross-site posts before any of this (csrf.ts).
     */
    const readBodyThenCheckCsrf = (operation: AnyOperation) => [
      async function readMultipartForm(request: FastifyRequest, reply: FastifyReply) {
        if (request.body !== UNREAD_MULTIPART) return;
        const received = await receiveForm(request, reply, operation, options);
        request.body = received.ok ? received.form : new RefusedForm(received.form.entries, received.error);
      },
      csrf,
    ];

    forms.get(FORMS_STYLESHEET_PATH, async function stylesheet(_request, reply) {
      return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(FORMS_STYLESHEET);
    });

    if (serves(contacts.submit.name, contacts.get.name)) {
      forms.get(CONTACT_PATH, async function contactForm(_request, reply) {
        return showForm(reply, contactFormPage);
      });
      forms.post(
        CONTACT_PATH,
        { config: RUNS_CALLS, preHandler: readBodyThenCheckCsrf(contacts.submit) },
        async function sendContactForm(request, reply) {
          return submitForm(request, reply, { operation: contacts.submit, page: contactFormPage, resultPath: contactSentPath }, options);
        },
      );
      forms.get<{ Params: { id: string } }>(`${CONTACT_PATH}/sent/:id`, { config: RUNS_CALLS }, async function contactSent(request, reply) {
        return showResult(request, reply, { operation: contacts.get, input: { id: request.params.id }, page: contactSentPage }, options);
      });
    }

    if (serves(auth.login.name, auth.me.name, auth.logout.name)) {
      forms.get(SIGN_IN_PATH, async function signInForm(_request, reply) {
        return showForm(reply, signInPage);
      });
      forms.post(
        SIGN_IN_PATH,
        { config: RUNS_CALLS, preHandler: readBodyThenCheckCsrf(auth.login) },
        async function signIn(request, reply) {
          return submitForm(request, reply, { operation: auth.login, page: signInPage, resultPath: () => SIGNED_IN_PATH }, options);
        },
      );
      forms.get(SIGNED_IN_PATH, { config: RUNS_CALLS }, async function signedIn(request, reply) {
        const page = (user: Parameters<typeof signedInPage>[0]) => signedInPage(user, emptyFormState(reply));
        return showResult(request, reply, { operation: auth.me, input: {}, page }, options);
      });
      forms.post(
        SIGN_OUT_PATH,
        { config: RUNS_CALLS, preHandler: readBodyThenCheckCsrf(auth.logout) },
        async function signOut(request, reply) {
          return submitForm(request, reply, { operation: auth.logout, resultPath: () => SIGN_IN_PATH }, options);
        },
      );
    }
  });
}
