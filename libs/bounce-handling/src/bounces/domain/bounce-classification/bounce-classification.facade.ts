// What other features (the provider webhooks' mappers) may use of the bounce classifier: the
// function that reads a report's cause, and the cause a bounce event carries
// (docs/bounce-classification.md, "Calling it from a provider mapper").
export { type BounceClassification, type BounceEvidence, classifyBounce } from './bounce-classifier';
export type { ProviderFields } from './provider-cause.rules';
export { type BounceCause, bounceCause } from '../delivery-event';
export { BOUNCE_CATEGORIES, BOUNCE_REASONS } from './bounce-reason';
