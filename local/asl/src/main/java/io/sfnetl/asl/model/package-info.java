/**
 * The parsed model of a state machine: a sealed {@link io.sfnetl.asl.model.State} with one record per state type,
 * {@link io.sfnetl.asl.model.ChoiceRule} with one record per rule kind, {@link io.sfnetl.asl.model.Retrier} and
 * {@link io.sfnetl.asl.model.Catcher}. Immutable; JSON values are Jackson trees that must not be modified.
 */
package io.sfnetl.asl.model;
