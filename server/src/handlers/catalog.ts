import type { contract } from '@gatepost/shared';
import { perDatabase, tables } from '@gatepost/db';
import { asc } from 'drizzle-orm';
import type { Handler } from '../pipeline/index';

type Catalog = typeof contract.catalog;

const allProducts = perDatabase((db) =>
  db
    .select({ id: tables.products.id, name: tables.products.name, priceCents: tables.products.priceCents, stock: tables.products.stock })
    .from(tables.products)
    .orderBy(asc(tables.products.name))
    .prepare('products_all'),
);

export const list: Handler<Catalog['list']> = (_input, { db }) => allProducts(db).execute();
