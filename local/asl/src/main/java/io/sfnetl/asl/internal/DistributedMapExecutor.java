package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.model.State;

/** Distributed Map. */
final class DistributedMapExecutor {
    private DistributedMapExecutor() {
    }

    static Outcome execute(State.Map s, JsonNode raw, Scope scope) {
        throw new UnsupportedOperationException("DISTRIBUTED");
    }
}
