/**
 * Validation of state machine definitions as CreateStateMachine / ValidateStateMachineDefinition do it:
 * {@link io.sfnetl.asl.validation.DefinitionValidator} returns every {@link io.sfnetl.asl.validation.Problem} with its
 * JSON Pointer location. What the local engine cannot run yet is listed in one place,
 * {@link io.sfnetl.asl.validation.DefinitionValidator#UNSUPPORTED}, and reported as "not supported yet by the local
 * engine". The rules live in {@code internal}: one class per concern (machine and transitions, state fields per query
 * language, Choice rules, Retry/Catch, Map, payloads and paths).
 */
package io.sfnetl.asl.validation;
