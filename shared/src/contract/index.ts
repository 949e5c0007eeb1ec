import { defineContract } from '../define';
import { contacts } from './contacts';
import { users } from './users';
import { auth } from './auth';
import { catalog } from './catalog';
import { orders } from './orders';
import { bookings } from './bookings';
import { files } from './files';

/** The gatepost contract: every operation, grouped by domain. */
export const contract = defineContract({ contacts, users, auth, catalog, orders, bookings, files });

export type Contract = typeof contract;

export { Contact, SubmitContactInput } from './contacts';
export { User, CreateUserInput } from './users';
export { Product } from './catalog';
export { Order, OrderLine, PlaceOrderInput, MAX_ORDER_LINES } from './orders';
export { Booking, ReserveBookingInput } from './bookings';
export { StoredFile, UploadFileInput, MAX_FILE_BYTES } from './files';
export { ATTACHMENT_MEDIA_TYPES } from './contacts';
