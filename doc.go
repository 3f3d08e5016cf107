// Package liaison is the domain vocabulary of Liaison, a federated exchange
// for security and law-enforcement liaison officers: parties and their
// agencies and officers, arrangements, cases, messages, handling, selectors,
// the error codes and the [Store] contract.
//
// It imports only the standard library. Rules that need no I/O, such as
// validation of handling and selectors against an [Arrangement], live here
// so that every surface (API, federation, CLI) applies the same ones.
//
// # Errors
//
// Every error meant for a user is an [*Error] with one of the E* codes.
// Only internal/api turns codes into HTTP statuses.
package liaison
