package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.DataFlow;
import io.sfnetl.asl.model.MapConfig;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.State;
import java.util.Map;

/**
 * Inline Map: runs the ItemProcessor once per item of ItemsPath (JSONPath) or Items (JSONata), at most MaxConcurrency
 * at once, each iteration with {@code $$.Map.Item.Index/Value}; ItemSelector builds each iteration's input. The result
 * is the array of iteration outputs; the first failing iteration fails the state with its error.
 */
final class MapExecutor {
    /** An inline Map runs at most 40 iterations at once (Developer Guide, "Using Map state in Inline mode"). */
    static final int MAX_INLINE_CONCURRENCY = 40;
    private MapExecutor() {
    }

    static Outcome execute(State.Map s, JsonNode raw, Scope scope) {
        boolean jsonata = s.transition().language() == QueryLanguage.JSONATA;
        JsonNode effective = jsonata ? raw : Io.input(s.io(), raw, scope);
        JsonNode items = items(s.config(), raw, effective, scope, jsonata);
        int max = maxConcurrency(s.config(), effective, scope);
        max = max == 0 ? MAX_INLINE_CONCURRENCY : Math.min(max, MAX_INLINE_CONCURRENCY);
        ObjectNode d = Json.object();
        d.put("length", items.size());
        long started = scope.event("MapStateStarted", "mapStateStartedEventDetails", d);
        JsonNode[] outputs;
        try {
            outputs = Fanout.run(items.size(), max, scope, (i, group) -> {
                ObjectNode item = item(i, items.get(i));
                Scope strand = group.nested(item, started);
                JsonNode input = selectItem(s.config().itemSelector(), item, effective, raw, strand, jsonata);
                strand.event("MapIterationStarted", "mapIterationStartedEventDetails", Events.iteration(s.name(), i));
                try {
                    JsonNode out = Interpreter.run(s.processor(), input, strand);
                    strand.event("MapIterationSucceeded", "mapIterationSucceededEventDetails", Events.iteration(s.name(), i));
                    return out;
                } catch (StatesError e) {
                    strand.event("MapIterationFailed", "mapIterationFailedEventDetails", Events.iteration(s.name(), i));
                    throw e;
                } catch (ExecutionStopped e) {
                    strand.event("MapIterationAborted", "mapIterationAbortedEventDetails", Events.iteration(s.name(), i));
                    throw e;
                }
            });
        } catch (StatesError e) {
            scope.event("MapStateFailed", null, null);
            throw e;
        } catch (ExecutionStopped e) {
            scope.event("MapStateAborted", null, null);
            throw e;
        }
        scope.event("MapStateSucceeded", null, null);
        ArrayNode result = Json.NODES.arrayNode(outputs.length);
        for (JsonNode o : outputs) {
            result.add(o);
        }
        return finish(s.transition().next(), s.io(), jsonata, raw, result, scope);
    }

    static ObjectNode item(int index, JsonNode value) {
        ObjectNode item = Json.object();
        item.put("Index", index);
        item.set("Value", value);
        return item;
    }

    /** The items: ItemsPath (JSONPath, on the effective input) or Items (JSONata, default the input). */
    static JsonNode items(MapConfig c, JsonNode raw, JsonNode effective, Scope scope, boolean jsonata) {
        JsonNode items;
        if (jsonata) {
            items = c.items() == null ? raw : Jsonata.template(c.items(), Jsonata.states(raw, null, null, scope), scope, "Items");
        } else {
            items = c.itemsPath() == null ? Json.object() : Paths.read(c.itemsPath(), effective, scope, "ItemsPath");
        }
        if (items == null || !items.isArray()) {
            throw new StatesError(jsonata ? ErrorNames.QUERY_EVALUATION_ERROR : ErrorNames.RUNTIME,
                    "The Map state '" + scope.stateName() + "' needs an array of items, but " + (jsonata ? "Items" : "ItemsPath '"
                            + c.itemsPath() + "'") + " gave " + (items == null ? "nothing" : Json.kind(items)));
        }
        return items;
    }

    static int maxConcurrency(MapConfig c, JsonNode effective, Scope scope) {
        Long v = Io.seconds(c.maxConcurrency(), effective, scope, "MaxConcurrency");
        return v == null ? 0 : (int) Math.min(v, Integer.MAX_VALUE);
    }

    /** ItemSelector evaluated with {@code $$.Map.Item} set (the item value when absent). */
    static JsonNode selectItem(JsonNode selector, ObjectNode item, JsonNode effective, JsonNode raw, Scope strand,
            boolean jsonata) {
        if (selector == null) {
            return item.get("Value");
        }
        if (jsonata) {
            return Jsonata.template(selector, Jsonata.states(raw, null, null, strand), strand, "ItemSelector");
        }
        return Templates.apply(selector, effective, strand, "ItemSelector");
    }

    /** ResultSelector, Assign, ResultPath, OutputPath (JSONPath) or Assign and Output (JSONata) on a result. */
    static Outcome finish(String next, DataFlow io, boolean jsonata, JsonNode raw, JsonNode result, Scope scope) {
        if (jsonata) {
            var states = Jsonata.states(raw, result, null, scope);
            Map<String, JsonNode> assigned = Jsonata.assign(io.assign(), states, scope);
            JsonNode out = io.output() == null ? result : Jsonata.template(io.output(), states, scope, "Output");
            return new Outcome(next, out, assigned);
        }
        JsonNode selected = Io.selectResult(io, result, scope);
        return new Outcome(next, Io.output(io, raw, selected, scope), Io.assign(io.assign(), selected, scope));
    }
}
