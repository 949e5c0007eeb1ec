import { createGatepostClient, type InputOf, type OutputOf } from '@gatepost/client';

/**
 * The one client the app uses. The page and the API share an origin, so the browser sends
 * the HttpOnly session cookie by itself, and its `Origin` passes the server's CSRF check.
 */
export const gatepost = createGatepostClient({ url: window.location.origin });

export type Contact = OutputOf<'contacts.submit'>;
export type ContactInput = InputOf<'contacts.submit'>;
export type ContactPage = OutputOf<'contacts.list'>;
export type StoredFile = NonNullable<OutputOf<'files.get'>>;
export type User = NonNullable<OutputOf<'auth.me'>>;
export type Product = OutputOf<'catalog.list'>[number];
export type Order = OutputOf<'orders.place'>;
export type OrderInput = InputOf<'orders.place'>;
