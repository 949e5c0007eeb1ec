export { buildApp, type AppDeps } from './app';
export { loadConfig, defaultConfig, ConfigError, type AppConfig } from './config';
export { createLogger } from './logger';
export { startServer, type RunningServer } from './start';
export { handlers } from './handlers/index';
export type {
  PaymentProvider,
  PaymentAuthoriser,
  AuthoriseRequest,
  AuthoriseResult,
  CaptureRequest,
  CaptureResult,
  VoidRequest,
  ListHeldRequest,
  HeldAuthorisation,
} from './payments/provider';
export {
  createSimulatedPaymentProvider,
  SIMULATED_TOKENS,
  type SimulatedPaymentProvider,
  type SimulatedAuthorisation,
  type SimulatedCapture,
  type SimulatedProviderOptions,
} from './payments/simulated-provider';
export { reconcilePayments, type ReconcileOptions, type ReconcileReport } from './payments/reconcile-payments';
export { PAYMENT_CAPTURE_EVENT, type PaymentCaptureEvent } from './payments/capture-order';
export {
  implement,
  singleStatement,
  createExecute,
  type Handler,
  type HandlerDefinition,
  type Handlers,
  type HandlerContext,
  type HandlerRegistry,
  type Principal,
} from './pipeline/index';
export type { ContractRouter } from './protocols/trpc/router';
export type { GatepostTrpcErrorShape, GatepostTrpcErrorData } from './protocols/trpc/error-shape';

import type { Contract } from '@gatepost/shared';
import type { ContractRouter } from './protocols/trpc/router';
/** The tRPC router type of gatepost's contract, for `@trpc/client` (type-only import). */
export type AppRouter = ContractRouter<Contract>;
