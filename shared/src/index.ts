export {
  defineMutation,
  defineQuery,
  defineContract,
  listOperations,
  entityId,
  timestamp,
  bulkItems,
  MAX_BULK_ITEMS,
  type AuthLevel,
  type OperationKind,
  type InputSchema,
  type OperationSpec,
  type Operation,
  type Mutation,
  type Query,
  type AnyOperation,
  type ContractShape,
} from './define';
export {
  ERROR_CATALOG,
  ERROR_CODES,
  errorCodeOfGraphQLCode,
  GatepostError,
  isGatepostError,
  describeIssues,
  type ErrorCode,
  type ErrorCodeSpec,
  type InputIssue,
  type GatepostErrorOptions,
  type GatepostErrorData,
} from './errors';
export { contract, type Contract, Contact, SubmitContactInput, User, CreateUserInput } from './contract/index';
export { graphqlFieldName, graphqlInputTypeName, pascal } from './graphql-names';
