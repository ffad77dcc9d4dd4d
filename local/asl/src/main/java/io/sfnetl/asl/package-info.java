/**
 * The local Amazon States Language engine: parse, validate and run any Step Functions state machine.
 *
 * <h2>Public API</h2>
 * <ul>
 *   <li>{@link io.sfnetl.asl.StateMachine#parse(String, java.util.Map)}: fills {@code ${Name}} placeholders, runs the
 *       {@link io.sfnetl.asl.validation.DefinitionValidator}, builds the model ({@link io.sfnetl.asl.model}); throws
 *       {@link io.sfnetl.asl.InvalidDefinitionException} with every {@link io.sfnetl.asl.validation.Problem},
 *       including "not supported yet by the local engine" for what the engine cannot run.</li>
 *   <li>{@link io.sfnetl.asl.Engine#builder()}: {@link io.sfnetl.asl.TaskInvoker} (how Task states reach
 *       resources), {@link io.sfnetl.asl.ItemReaderSource} / {@link io.sfnetl.asl.ResultWriterSink} (Distributed Map
 *       S3 reads and writes; {@link io.sfnetl.asl.InMemoryObjectStore} for tests), wait-time scale, clock,
 *       {@link io.sfnetl.asl.ExecutionListener}.</li>
 *   <li>{@link io.sfnetl.asl.Engine#start}: returns an {@link io.sfnetl.asl.Execution} (status, output, error, cause,
 *       dates, history as {@link io.sfnetl.asl.HistoryEvent}s, {@code describe()}, {@code historyJson()},
 *       {@code stop()}, {@code await()}).</li>
 *   <li>{@link io.sfnetl.asl.MockTaskInvoker}: Step Functions Local mock-config test cases.</li>
 * </ul>
 *
 * <h2>Semantics</h2>
 * JSONPath and JSONata states as the Step Functions Developer Guide describes them; errors with AWS's names
 * ({@link io.sfnetl.asl.ErrorNames}); quotas: 256 KiB payloads ({@code States.DataLimitExceeded}), 25,000 history events
 * per execution, 40 concurrent inline Map iterations, 10,000 concurrent Distributed Map children. The engine knows
 * nothing of ETL, S3 or DynamoDB: everything outside goes through the three interfaces above.
 */
package io.sfnetl.asl;
