/**
 * What a violated constraint means to the caller, keyed by constraint (or unique index) name,
 * so a CONFLICT names the field instead of quoting the database.
 */
export type ConstraintMessages = Readonly<Record<string, { readonly path: readonly string[]; readonly message: string }>>;
