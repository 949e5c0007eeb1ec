import { z } from 'zod';
import { defineMutation, defineQuery, entityId, timestamp } from '../define';

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
  description: 'Create a user. An email already taken (in any letter case) is a CONFLICT.',
  auth: 'public',
  input: CreateUserInput,
  output: User,
});

export const getUser = defineQuery({
  name: 'users.get',
  description: 'Read one user back by id; null when there is none.',
  auth: 'public',
  input: z.strictObject({ id: entityId() }),
  output: User.nullable(),
});

export const users = { create: createUser, get: getUser };
