/**
 * Step Functions Local's mock configuration file format ({@code MockConfigFile.json}):
 * {@link io.sfnetl.asl.mock.MockConfig} parses it, {@link io.sfnetl.asl.mock.MockConfig.TestCase} answers which
 * states are mocked and what their n-th invocation returns ({@link io.sfnetl.asl.mock.MockResponse}). Counting the
 * invocations (per state, across the whole execution) is the caller's job.
 */
package io.sfnetl.asl.mock;
