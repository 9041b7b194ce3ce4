// Given/when/then for pure deciders lives in libs/shared/testing; identity specs pass their own
// contract check as the second argument.
export { deciderSpec } from '@plein/shared/testing';
