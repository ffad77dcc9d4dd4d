package io.sfnetl.etl.stage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Output of Validate, Transform and Load (brief §1, stage contract). When {@code done} is false the state machine
 * calls the same stage again with this output's {@code cursor}, {@code counts}, {@code written} and
 * {@code rejected} (and the same {@code read}).
 *
 * @param done true when the stage has finished the chunk
 * @param cursor where to continue; null when done
 * @param written every staging key this stage has written for the chunk so far (in order; empty parts are not written)
 * @param rejected every reject key written for the chunk so far
 * @param counts cumulative counts of the chunk
 * @param chunk the chunk id (echoed, for Finalize)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageOutput(boolean done, Cursor cursor, List<String> written, List<String> rejected, Counts counts,
                          String chunk) {
}
