import { ATTACHMENT_MEDIA_TYPES, type contract } from '@gatepost/shared';
import type { z } from 'zod';
import { renderForm, type FormSpec, type FormState } from './form-view';
import { html } from './html';
import type { PageContent } from './layout';

export const CONTACT_PATH = '/forms/contact';

export const CONTACT_FORM: FormSpec = {
  id: 'contact',
  action: CONTACT_PATH,
  submitLabel: 'Send',
  fields: [
    { name: 'name', label: 'Name', type: 'text', autocomplete: 'name' },
    { name: 'email', label: 'Email', type: 'email', autocomplete: 'email', hint: 'Where we answer you' },
    { name: 'message', label: 'Message', type: 'textarea' },
    {
      name: 'attachment',
      label: 'Attachment',
      type: 'file',
      accept: ATTACHMENT_MEDIA_TYPES,
      hint: 'Optional: an image, a PDF or a text file, up to 100 MiB',
    },
  ],
};

type Contact = z.output<(typeof contract)['contacts']['submit']['output']>;

/** Where a sent message is shown, by its id. */
export function contactSentPath(contact: Pick<Contact, 'id'>): string {
  return `${CONTACT_PATH}/sent/${encodeURIComponent(contact.id)}`;
}

export function contactFormPage(state: FormState): PageContent {
  return {
    title: 'Contact us',
    current: CONTACT_PATH,
    main: html`<h1>Contact us</h1>
      <p class="lead">Send us a message; it goes through the same <code>contacts.submit</code> as the API.</p>
      ${renderForm(CONTACT_FORM, state)}`,
  };
}

/** What a visitor sees after sending (POST/Redirect/GET: reloading it sends nothing again). */
export function contactSentPage(contact: Contact): PageContent {
  return {
    title: 'Message received',
    current: CONTACT_PATH,
    main: html`<h1>Message received</h1>
      <div class="notice notice-success" role="status">
        <p>Thanks, ${contact.name}, we received your message. We will answer at ${contact.email}.</p>
        <p>Reference: <code id="contact-reference">${contact.id}</code></p>
        ${contact.attachment && html`<p id="contact-attachment">Attached: ${contact.attachment.name} (${contact.attachment.sizeBytes} bytes)</p>`}
      </div>
      <p><a href="${CONTACT_PATH}">Send another message</a></p>`,
  };
}
