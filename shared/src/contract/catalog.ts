import { z } from 'zod';
import { defineQuery, entityId } from '../define';

/** Money is integer minor units (cents): never a float. */
export const Cents = z.number().int().min(0);

export const Product = z
  .object({
    id: entityId(),
    name: z.string(),
    priceCents: Cents.describe('Price in minor units (cents)'),
    stock: z.number().int().min(0).describe('Units left to sell'),
  })
  .meta({ id: 'Product', description: 'Something to order, with its price and the units left' });

export const listProducts = defineQuery({
  name: 'catalog.list',
  rest: { method: 'GET', path: '/products' },
  graphqlName: 'products',
  description: 'Every product, by name, with its price and the stock left.',
  auth: 'public',
  input: z.strictObject({}),
  output: z.array(Product),
});

export const catalog = { list: listProducts };
