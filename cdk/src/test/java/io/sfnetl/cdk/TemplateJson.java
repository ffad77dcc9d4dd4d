package io.sfnetl.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awscdk.assertions.Template;

/** The synthesized template as Jackson nodes, with lookups by type and property. */
final class TemplateJson {

    static final ObjectMapper JSON = new ObjectMapper();

    final JsonNode root;

    TemplateJson(Template template) {
        root = JSON.valueToTree(template.toJSON());
    }

    /** Logical id to resource, for every resource of {@code type}. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        root.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** The one resource of {@code type} matching {@code filter}; fails if none or several. */
    Map.Entry<String, JsonNode> only(String type, Predicate<JsonNode> filter) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        resources(type).entrySet().stream().filter(e -> filter.test(e.getValue().path("Properties"))).forEach(found::add);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + " matching, found " + found.size());
        }
        return found.get(0);
    }

    JsonNode resource(String logicalId) {
        JsonNode r = root.path("Resources").path(logicalId);
        if (r.isMissingNode()) {
            throw new AssertionError("no resource " + logicalId);
        }
        return r;
    }

    /** The logical id of a {@code {"Ref": id}} or {@code {"Fn::GetAtt": [id, attr]}} node. */
    static String refId(JsonNode node) {
        if (node.has("Ref")) {
            return node.get("Ref").asText();
        }
        if (node.has("Fn::GetAtt")) {
            return node.get("Fn::GetAtt").get(0).asText();
        }
        throw new AssertionError("not a reference: " + node);
    }

    /**
     * Renders an intrinsic as text with references as {@code <LogicalId>} / {@code <LogicalId.Attr>} and pseudo
     * parameters as {@code <AWS::Region>}: joins are flattened, so ARNs can be compared as strings.
     */
    static String render(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.has("Ref")) {
            return "<" + node.get("Ref").asText() + ">";
        }
        if (node.has("Fn::GetAtt")) {
            return "<" + node.get("Fn::GetAtt").get(0).asText() + "." + node.get("Fn::GetAtt").get(1).asText() + ">";
        }
        if (node.has("Fn::Join")) {
            StringBuilder sb = new StringBuilder();
            String sep = node.get("Fn::Join").get(0).asText();
            JsonNode parts = node.get("Fn::Join").get(1);
            for (int i = 0; i < parts.size(); i++) {
                sb.append(i == 0 ? "" : sep).append(render(parts.get(i)));
            }
            return sb.toString();
        }
        return node.toString();
    }
}
