package io.sfnetl.etl.rules.testing;

/** A class a spec may wrongly name as a rule. */
public class NotARule {
}
