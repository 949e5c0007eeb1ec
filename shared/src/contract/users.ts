import { z } from 'zod';
import { bulkItems, defineMutation, defineQuery, entityId, timestamp } from '../define';

export const CreateUserInput = z.strictObject({
  email: z.email().max(254).describe('Unique, compared without regard to case'),
  displayName: z.string().trim().min(1).max(80).describe('The name shown to others'),
});

export const User = z
  .object({
    id: entityId(),
    email: z.string(),
    displayName: z.string(),
    createdAt: timestamp(),
  })
  .meta({ id: 'User', description: 'A person with an account' });

export const createUser = defineMutation({
  name: 'users.create',
  rest: { method: 'POST', path: '/users', status: 201, location: '/users/{id}' },
  description: 'Create a user (admins only). An email already taken (in any letter case) is a CONFLICT.',
  auth: 'admin',
  errors: ['CONFLICT'],
  input: CreateUserInput,
  output: User,
});

export const createManyUsers = defineMutation({
  name: 'users.createMany',
  graphqlName: 'createManyUsers',
  description:
    'Create 1 to 1000 users at once (admins only), all or none. Any taken email (also twice in one request) is a CONFLICT naming the item.',
  auth: 'admin',
  bulk: true,
  errors: ['CONFLICT'],
  input: bulkItems(CreateUserInput),
  output: z.array(User),
});

export const getUser = defineQuery({
  name: 'users.get',
  rest: { method: 'GET', path: '/users/{id}' },
  description: 'Read one user back by id (admins only: it shows the email); null when there is none.',
  auth: 'admin',
  input: z.strictObject({ id: entityId() }),
  output: User.nullable(),
});

export const users = { create: createUser, createMany: createManyUsers, get: getUser };
