package io.sfnetl.local.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Public on-demand prices, from {@code config/prices.json} (one region, one date, each with its source page). Free
 * tiers are not applied: the estimate is what the pipeline adds to an account that already uses them.
 *
 * @param region the region the prices are for (e.g. {@code us-east-1})
 * @param asOf the date the prices were recorded (ISO date)
 * @param lambdaPerGbSecond Lambda compute, x86_64, per GB-second
 * @param lambdaPerMillionRequests Lambda requests, per million
 * @param perThousandStateTransitions Step Functions Standard, per 1,000 state transitions
 * @param dynamoDbPerMillionWriteUnits DynamoDB on-demand, per million write request units
 * @param s3PerThousandPuts S3 Standard PUT, COPY, POST, LIST requests, per 1,000
 * @param s3PerThousandGets S3 Standard GET and other requests, per 1,000
 */
public record Prices(String region, String asOf, double lambdaPerGbSecond, double lambdaPerMillionRequests,
                     double perThousandStateTransitions, double dynamoDbPerMillionWriteUnits,
                     double s3PerThousandPuts, double s3PerThousandGets) {

    /** Reads {@code config/prices.json}; every missing or negative value is reported at once. */
    public static Prices load(Path file) {
        JsonNode root = Json.read(file, "prices");
        List<String> problems = new ArrayList<>();
        if (!root.path("region").isTextual()) {
            problems.add("/region: must be the region the prices are for, e.g. \"us-east-1\"");
        }
        if (!root.path("asOf").isTextual()) {
            problems.add("/asOf: must be the date the prices were recorded, e.g. \"2026-11-24\"");
        }
        Prices p = new Prices(root.path("region").asText(), root.path("asOf").asText(),
                Json.number(root, "/lambda/perGbSecond", problems),
                Json.number(root, "/lambda/perMillionRequests", problems),
                Json.number(root, "/stepFunctions/perThousandStateTransitions", problems),
                Json.number(root, "/dynamoDb/perMillionWriteRequestUnits", problems),
                Json.number(root, "/s3/perThousandPutRequests", problems),
                Json.number(root, "/s3/perThousandGetRequests", problems));
        Json.check(file, problems);
        return p;
    }
}
