package io.sfnetl.local.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.InvalidDefinitionException;
import io.sfnetl.asl.StateMachine;
import io.sfnetl.asl.validation.DefinitionValidator;
import io.sfnetl.asl.validation.Problem;
import io.sfnetl.local.api.SfnApiException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The state machine half of the Step Functions API: CreateStateMachine, UpdateStateMachine, DescribeStateMachine,
 * ListStateMachines, DeleteStateMachine and ValidateStateMachineDefinition, the machines in memory and, once
 * {@link #persist(Path)} is called, on disk ({@link MachineFiles}). Failures throw {@link SfnApiException} with AWS's
 * error names. Thread-safe.
 */
public final class Machines {
    /** A state machine as the API knows it; {@code parsed} is its definition, validated and named. */
    public record Machine(String arn, String name, String type, String roleArn, String definition,
            StateMachine parsed, Instant created) {
    }

    private final String region;
    private final String account;
    private final Clock clock;
    private final Map<String, Machine> machines = new ConcurrentHashMap<>();
    private volatile MachineFiles files;

    /** @param region region and account of every state machine ARN */
    public Machines(String region, String account, Clock clock) {
        this.region = region;
        this.account = account;
        this.clock = clock;
    }

    public ObjectNode create(JsonNode req) {
        String name = Wire.name(Wire.required(req, "name"), "state machine");
        String definition = Wire.required(req, "definition");
        String roleArn = Wire.required(req, "roleArn");
        String type = type(req);
        StateMachine parsed = parse(definition, name);
        String arn = arnOf(name);
        Machine m = new Machine(arn, name, type, roleArn, definition, parsed, clock.instant());
        Machine existing = machines.putIfAbsent(arn, m);
        if (existing != null) {
            if (!existing.definition().equals(definition) || !existing.roleArn().equals(roleArn)
                    || !existing.type().equals(type)) {
                throw new SfnApiException("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn
                        + "' (with another definition, role or type); use UpdateStateMachine, or another name");
            }
            m = existing;
        } else {
            save(m);
        }
        ObjectNode o = object();
        o.put("stateMachineArn", arn);
        Wire.date(o, "creationDate", m.created());
        return o;
    }

    /**
     * Keeps the machines in {@code dir} from now on, after loading those an earlier twin saved there.
     *
     * @throws IllegalArgumentException naming the file when a saved machine cannot be read or is no longer valid
     */
    public void persist(Path dir) {
        MachineFiles f = new MachineFiles(dir);
        for (MachineFiles.Saved saved : f.load()) {
            StateMachine parsed;
            try {
                parsed = parse(saved.definition(), saved.name());
            } catch (SfnApiException e) {
                throw new IllegalArgumentException("the saved state machine " + dir.resolve(saved.name() + ".json")
                        + " is no longer valid: " + e.getMessage() + "; fix or delete the file", e);
            }
            String arn = arnOf(saved.name());
            machines.put(arn, new Machine(arn, saved.name(), saved.type(), saved.roleArn(), saved.definition(), parsed,
                    saved.created()));
        }
        files = f;
    }

    private void save(Machine m) {
        MachineFiles f = files;
        if (f != null) {
            f.save(new MachineFiles.Saved(m.name(), m.type(), m.roleArn(), m.definition(), m.created()));
        }
    }

    private String arnOf(String name) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    /** Creates or replaces a state machine, not saved to disk; returns its ARN. */
    public String deploy(String name, String definition, String type) {
        String arn = arnOf(name);
        machines.put(arn, new Machine(arn, name, type, "arn:aws:iam::" + account + ":role/sfn-etl-local",
                definition, parse(definition, name), clock.instant()));
        return arn;
    }

    private static String type(JsonNode req) {
        String type = Wire.str(req, "type");
        if (type == null) {
            return "STANDARD";
        }
        if (!type.equals("STANDARD") && !type.equals("EXPRESS")) {
            throw SfnApiException.validation("1 validation error detected: Value '" + type
                    + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }
        return type;
    }

    private static StateMachine parse(String definition, String name) {
        List<Problem> problems = DefinitionValidator.validate(definition);
        if (problems.isEmpty()) {
            try {
                return StateMachine.parse(definition).withName(name);
            } catch (InvalidDefinitionException e) {
                problems = e.problems();
            }
        }
        throw new SfnApiException("InvalidDefinition", "Invalid State Machine Definition: '"
                + problems.stream().map(p -> "SCHEMA_VALIDATION_FAILED: " + p.message() + " at " + location(p))
                        .collect(Collectors.joining(", ")) + "'");
    }

    private static String location(Problem p) {
        return p.location().isEmpty() ? "/" : p.location();
    }

    public ObjectNode update(JsonNode req) {
        Machine m = machine(req);
        String definition = Wire.str(req, "definition");
        String roleArn = Wire.str(req, "roleArn");
        if (definition == null && roleArn == null && !req.has("loggingConfiguration") && !req.has("tracingConfiguration")) {
            throw SfnApiException.validation("Either the definition, roleArn, loggingConfiguration or "
                    + "tracingConfiguration must be given to UpdateStateMachine");
        }
        StateMachine parsed = definition == null ? m.parsed() : parse(definition, m.name());
        Machine updated = new Machine(m.arn(), m.name(), m.type(), roleArn == null ? m.roleArn() : roleArn,
                definition == null ? m.definition() : definition, parsed, m.created());
        machines.put(m.arn(), updated);
        save(updated);
        ObjectNode o = object();
        Wire.date(o, "updateDate", clock.instant());
        return o;
    }

    public ObjectNode describe(JsonNode req) {
        Machine m = machine(req);
        ObjectNode o = object();
        o.put("stateMachineArn", m.arn());
        o.put("name", m.name());
        o.put("status", "ACTIVE");
        o.put("definition", m.definition());
        o.put("roleArn", m.roleArn());
        o.put("type", m.type());
        Wire.date(o, "creationDate", m.created());
        o.putObject("loggingConfiguration").put("level", "OFF").put("includeExecutionData", false);
        o.putObject("tracingConfiguration").put("enabled", false);
        return o;
    }

    public ObjectNode list(JsonNode req) {
        List<Machine> all = machines.values().stream().sorted(Comparator.comparing(Machine::name)).toList();
        return Wire.put(object(), "stateMachines", Wire.page(all, req, Machine::arn), m -> {
            ObjectNode o = object();
            o.put("stateMachineArn", m.arn());
            o.put("name", m.name());
            o.put("type", m.type());
            Wire.date(o, "creationDate", m.created());
            return o;
        });
    }

    public ObjectNode delete(JsonNode req) {
        String arn = Wire.required(req, "stateMachineArn");
        Wire.arn("stateMachineArn", arn, "stateMachine");
        Machine gone = machines.remove(arn);
        MachineFiles f = files;
        if (gone != null && f != null) {
            f.delete(gone.name());
        }
        return object();
    }

    public ObjectNode validate(JsonNode req) {
        String definition = Wire.required(req, "definition");
        List<Problem> problems = DefinitionValidator.validate(definition);
        if (problems.isEmpty()) {
            try {
                StateMachine.parse(definition);
            } catch (InvalidDefinitionException e) {
                problems = e.problems();
            }
        }
        JsonNode max = req.get("maxResults");
        int limit = max == null || max.asInt() <= 0 ? 100 : max.asInt();
        ObjectNode o = object();
        o.put("result", problems.isEmpty() ? "OK" : "FAIL");
        var diagnostics = o.putArray("diagnostics");
        problems.stream().limit(limit).forEach(p -> diagnostics.addObject().put("severity", "ERROR")
                .put("code", "SCHEMA_VALIDATION_FAILED").put("message", p.message()).put("location", location(p)));
        o.put("truncated", problems.size() > limit);
        return o;
    }

    private Machine machine(JsonNode req) {
        return get(Wire.required(req, "stateMachineArn"));
    }

    /**
     * The state machine of a request's {@code stateMachineArn}.
     *
     * @throws SfnApiException InvalidArn when it is no state machine ARN, StateMachineDoesNotExist when there is none
     */
    public Machine get(String arn) {
        Wire.arn("stateMachineArn", arn, "stateMachine");
        Machine m = machines.get(arn);
        if (m == null) {
            throw new SfnApiException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        return m;
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
